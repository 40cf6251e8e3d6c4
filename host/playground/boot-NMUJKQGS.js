// Starts the renderer before anything else: the page compiles the WebAssembly
// (streaming, off the main thread) while the worker starts, and hands the
// compiled module over; main.js takes the worker over and replays what it said
// meanwhile. (A file, not an inline script, so a strict Content-Security-Policy
// can hold: `aac serve` sends one.) Where streaming compilation is refused (a
// host that serves .wasm with the wrong type), the worker loads it itself.
window.aacModule = WebAssembly.compileStreaming(fetch('aac_wasm_bg-8ZTPLC3C.wasm')).catch(() => null);
window.aacStartWorker = () => {
  const worker = new Worker('worker-QNCY6YNP.js');
  window.aacModule.then((module) => worker.postMessage({ type: 'module', module }));
  return worker;
};
window.aacWorker = window.aacStartWorker();
window.aacEarly = [];
window.aacWorker.onmessage = (e) => window.aacEarly.push(e.data);
