// The renderer, off the main thread: aac-core compiled to WebAssembly.
// In: {type: 'render', id, values, release, namespace}, {type: 'explain', id, values,
// release, namespace} (what each manifest line depends on: reply 'explained'; from
// a second module, loaded on the first such request), {type: 'open', id, file}
// (a File the user chose or dropped) and {type: 'check', id, name, size} (is text
// of this size too large to read: a paste). Out: {type: 'result' | 'opened', id,
// ms, json, memoryBytes, at}, json being the core's answer as JSON text (parsed by the
// page: one string crosses between threads much faster than a tree of objects) and
// memoryBytes the renderer's WebAssembly memory (it never shrinks: its peak), at
// when the answer was sent (performance.timeOrigin + now).
// A trap (a bug in the core, or its memory cap reached) is reported as
// {type: 'crashed'}; the page then starts a fresh worker, since a trapped
// instance cannot be trusted.

import init, { render, chartInfo, checkValuesFileSize, openValuesFile } from '../pkg/aac_wasm.js';
// The `explain` module (render and provenance): fetched the first time the page
// asks what a line depends on, so a first visit loads only the renderer.
import initExplain, { explain } from '../pkg-explain/aac_wasm.js';

let explainReady = null;
function explainModule() {
  // AAC_EXPLAIN_WASM_URL: its file name (named after its content), set by build.mjs.
  explainReady ||= initExplain({ module_or_path: new URL(AAC_EXPLAIN_WASM_URL, self.location.href) });
  return explainReady;
}

// The page sends the compiled module first ({type: 'module', module}); null means
// it could not compile it, and the worker fetches the file itself.
let receiveModule;
const moduleMessage = new Promise((resolve) => { receiveModule = resolve; });
let memory = null;

const ready = moduleMessage
  // AAC_WASM_URL: the module's file name (named after its content), set by build.mjs.
  .then((module) => init({ module_or_path: module || new URL(AAC_WASM_URL, self.location.href) }))
  .then(
    (exports) => {
      memory = exports.memory;
      self.postMessage({ type: 'ready', chart: JSON.parse(chartInfo()), at: performance.timeOrigin + performance.now() });
    },
    (e) => {
      self.postMessage({ type: 'failed', message: String(e && e.message ? e.message : e) });
      throw e;
    },
  );

// A values file: refused by its size before it is read, else read and decoded by
// the core (UTF-8 as Helm reads it), so the page never holds a file it refuses.
async function open(file) {
  const checked = checkValuesFileSize(file.name, file.size);
  if (!JSON.parse(checked).ok) return checked;
  let bytes;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    const message = `cannot read ${file.name}: ${e && e.message ? e.message : e}`;
    return JSON.stringify({ ok: false, errors: [{ severity: 'error', kind: 'input', path: '', message, file: file.name, text: message }] });
  }
  return openValuesFile(file.name, bytes);
}

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === 'module') {
    receiveModule(message.module);
    return;
  }
  try {
    await ready;
  } catch {
    return;
  }
  const t0 = performance.now();
  const reply = message.type === 'render' ? 'result' : message.type === 'explain' ? 'explained' : 'opened';
  try {
    let json;
    if (message.type === 'open') json = await open(message.file);
    else if (message.type === 'check') json = checkValuesFileSize(message.name, message.size);
    else if (message.type === 'explain') {
      await explainModule();
      json = explain(message.values, message.release, message.namespace);
    }
    else json = render(message.values, message.release, message.namespace);
    self.postMessage({ type: reply, id: message.id, ms: performance.now() - t0, json, memoryBytes: memory.buffer.byteLength, at: performance.timeOrigin + performance.now() });
  } catch (e) {
    self.postMessage({ type: 'crashed', of: reply, id: message.id, message: String(e && e.message ? e.message : e) });
  }
};
