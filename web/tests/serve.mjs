// The playground as `aac serve` serves it, in headless Chromium: what a first
// visit and a reload cost on the wire.
//
//   AAC_SERVE_URL=http://127.0.0.1:PORT/ node web/tests/serve.mjs
//
// Run by tests/tests/browser.rs (`aac_serve_in_chromium`), which starts `aac serve`.
// A first visit (empty cache) must show the first manifests; its bytes on the
// wire (headers and bodies as received, compressed, every request of the page
// and its worker) are summed. Then a reload: the content-named files come from
// the browser's cache without asking (Cache-Control immutable) and the page is
// revalidated (If-None-Match -> 304). Writes $AAC_E2E_OUT/serve.json.

import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, assertEq, launchChromium, openPlayground } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const url = process.env.AAC_SERVE_URL;
const out = resolve(process.env.AAC_E2E_OUT || join(here, '../../target/browser-serve'));
mkdirSync(out, { recursive: true });
if (!url) throw new Error('set AAC_SERVE_URL');

const browser = await launchChromium();
const results = { url };
let failed = null;
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  // Every request that reached the network, with its size as received.
  let log = [];
  context.on('requestfinished', async (request) => {
    const entry = { path: new URL(request.url()).pathname, pending: true };
    log.push(entry);
    const response = await request.response();
    const sizes = await request.sizes();
    Object.assign(entry, {
      status: response.status(),
      encoding: (await response.allHeaders())['content-encoding'] || null,
      bytes: sizes.responseHeadersSize + sizes.responseBodySize,
      bodyBytes: sizes.responseBodySize,
      pending: false,
    });
  });

  await openPlayground(page, url);
  await page.waitForFunction(() => window.__aac.lastOk === true, null, { timeout: 15000 });
  // Everything a visit loads by itself: the editor, and the renderer's glue for typing on the page.
  await page.waitForFunction(() => window.__aac.editorMs != null && window.__aac.inlineReady, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  // The wire as the page saw it: Resource Timing's transferSize (headers + encoded body).
  const timing = await page.evaluate(() => performance.getEntries()
    .filter((e) => e.entryType === 'navigation' || e.entryType === 'resource')
    .map((e) => ({ path: new URL(e.name).pathname, transferSize: e.transferSize, encodedBodySize: e.encodedBodySize, decodedBodySize: e.decodedBodySize })));
  assert(log.every((e) => !e.pending), 'every request finished');
  const first = log;
  results.firstVisit = first;
  results.firstVisitTiming = timing;
  // Playwright gives no body size for the worker's script; Resource Timing does.
  const wire = (e) => Math.max(e.bytes, ...timing.filter((t) => t.path === e.path).map((t) => t.transferSize));
  results.firstVisitBytes = first.reduce((n, e) => n + wire(e), 0);
  results.firstVisitBodyBytes = first.reduce((n, e) => n + e.bodyBytes, 0);
  for (const e of first) {
    if (e.path === '/' || /\.(js|css|wasm)$/.test(e.path)) assertEq(e.encoding, 'br', `${e.path}: sent as brotli`);
  }
  assert(first.some((e) => /^\/aac_wasm_bg-\w+\.wasm$/.test(e.path)), 'the module was fetched');
  assert(first.some((e) => /^\/worker-\w+\.js$/.test(e.path)), 'the worker was fetched');

  // A reload: only the page goes to the server, and comes back 304.
  log = [];
  await page.reload();
  await page.waitForFunction(() => window.__aac && window.__aac.firstRenderMs != null && window.__aac.editorMs != null, null, { timeout: 15000 });
  await page.waitForFunction(() => window.__aac.lastOk === true, null, { timeout: 15000 });
  // Everything a visit loads by itself: the editor, and the renderer's glue for typing on the page.
  await page.waitForFunction(() => window.__aac.editorMs != null && window.__aac.inlineReady, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  const reloadTiming = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      status: nav.responseStatus,
      navigationTransferSize: nav.transferSize,
      navigationEncodedBodySize: nav.encodedBodySize,
      resources: performance.getEntriesByType('resource').map((e) => ({ path: new URL(e.name).pathname, transferSize: e.transferSize })),
    };
  });
  // Chromium reports files from its cache as requests too (status 200, nothing received),
  // and a 304 as the cached 200: Resource Timing tells a revalidation by its size, the
  // response's headers only (transferSize) while the body came from the cache.
  const network = log.filter((e) => e.bytes > 0);
  const revalidated = reloadTiming.navigationTransferSize > 0 && reloadTiming.navigationTransferSize < 1024
    && reloadTiming.navigationEncodedBodySize > reloadTiming.navigationTransferSize;
  results.reload = {
    network: network.map((e) => e.path),
    revalidated,
    status: revalidated ? 304 : reloadTiming.status,
    bytes: network.reduce((n, e) => n + e.bytes, 0),
    all: log,
    timing: reloadTiming,
  };
  for (const r of reloadTiming.resources) assertEq(r.transferSize, 0, `${r.path}: from the cache on reload`);
  assert(revalidated, `the page was revalidated (304): ${JSON.stringify(reloadTiming)}`);
  await context.close();
} catch (e) {
  failed = String(e.stack || e);
  results.error = failed;
}
await browser.close();
writeFileSync(join(out, 'serve.json'), JSON.stringify(results, null, 2));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`aac serve in Chromium: first visit ${kb(results.firstVisitBytes || 0)} on the wire (${kb(results.firstVisitBodyBytes || 0)} of bodies); reload ${results.reload ? `${kb(results.reload.bytes)}: ${results.reload.network.join(', ')} (${results.reload.status})` : 'not measured'}`);
if (failed) {
  console.log(`FAIL ${failed}`);
  process.exit(1);
}
