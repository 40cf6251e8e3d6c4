// The renderer, off the main thread: aac-core compiled to WebAssembly.
// In: {id, values, release, namespace}. Out: {type: 'result', id, ms, json}, json
// being the core's answer as JSON text (parsed by the page: one string crosses
// between threads much faster than a tree of objects).
// A trap (a bug in the core) is reported as {type: 'crashed'}; the page then
// starts a fresh worker, since a trapped instance cannot be trusted.

import init, { render, chartInfo } from '../pkg/aac_wasm.js';

// The page sends the compiled module first ({type: 'module', module}); null means
// it could not compile it, and the worker fetches the file itself.
let receiveModule;
const moduleMessage = new Promise((resolve) => { receiveModule = resolve; });

const ready = moduleMessage
  .then((module) => init({ module_or_path: module || new URL('aac_wasm_bg.wasm', self.location.href) }))
  .then(
    () => self.postMessage({ type: 'ready', chart: JSON.parse(chartInfo()), at: performance.timeOrigin + performance.now() }),
    (e) => {
      self.postMessage({ type: 'failed', message: String(e && e.message ? e.message : e) });
      throw e;
    },
  );

self.onmessage = async (event) => {
  if (event.data.type === 'module') {
    receiveModule(event.data.module);
    return;
  }
  const { id, values, release, namespace } = event.data;
  try {
    await ready;
  } catch {
    return;
  }
  const t0 = performance.now();
  try {
    const json = render(values, release, namespace);
    self.postMessage({ type: 'result', id, ms: performance.now() - t0, json });
  } catch (e) {
    self.postMessage({ type: 'crashed', id, message: String(e && e.message ? e.message : e) });
  }
};
