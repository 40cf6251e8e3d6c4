// Where the time goes between a keystroke and the painted preview: the
// production values, the Deployment shown, 40 keystrokes after 8 to warm up,
// under a Chrome trace; prints the painted median (window.__aac) and, for the
// page's main thread and the renderer's worker, the trace's events summed by
// name (Paint, Commit, Layout, HandlePostMessage, ...), total ms over the 40.
//
//   scripts/build-web.sh && node web/tests/keystroke-trace.mjs
//   (cd web && AAC_WEB_DEBUG=1 node build.mjs)   for unminified names first, if wanted
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, openPlayground, waitRenders } from './harness.mjs';
import { serve } from './server.mjs';

const server = await serve(join(dirname(fileURLToPath(import.meta.url)), '../dist'));
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
await openPlayground(page, server.url);
await page.click('[data-preset="production"]');
await page.waitForFunction(() => window.__aac.state().preset === 'production' && window.__aac.lastOk && window.__aac.idle());
await page.click('[data-key="Deployment/ai-agent-connector"]');
await page.click('#editor .cm-content');
await page.keyboard.press('Control+Home');
await page.keyboard.press('Control+f');
const field = page.locator('#editor .cm-search input[name="search"]');
await field.fill('');
await field.pressSequentially('LOG_LEVEL: WARNING');
await field.press('Enter');
await page.keyboard.press('Escape');
await page.keyboard.press('ArrowRight');
const type = async (n) => { for (let i = 0; i < n; i++) { const b = await page.evaluate(() => window.__aac.renders); await page.keyboard.press('abcdefghij'[i % 10]); await waitRenders(page, b); } };
await type(8); // warm up
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'] });
const start = await page.evaluate(() => window.__aac.keystrokePaintMs.length);
await type(40);
await page.waitForTimeout(200);
const buf = await browser.stopTracing();
const paint = await page.evaluate((s) => window.__aac.keystrokePaintMs.slice(s), start);
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log('painted median', med(paint).toFixed(1), 'n', paint.length);
const events = JSON.parse(buf.toString()).traceEvents;
const threads = new Map();
for (const e of events) if (e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
const byThread = new Map();
for (const e of events) {
  if (e.ph !== 'X' || !e.dur) continue;
  const t = threads.get(`${e.pid}:${e.tid}`) || '?';
  if (!/CrRendererMain|DedicatedWorker/.test(t)) continue;
  const m = byThread.get(t) || new Map();
  m.set(e.name, (m.get(e.name) || 0) + e.dur / 1000);
  byThread.set(t, m);
}
for (const [t, m] of byThread) {
  console.log('==', t);
  for (const [k, v] of [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 18)) console.log(v.toFixed(1).padStart(9), k);
}
await browser.close(); await server.close();
