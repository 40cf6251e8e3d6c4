// End-to-end tests of the built playground (web/dist) in headless Chromium
// (Debian's /usr/bin/chromium, driven by playwright-core; no browser download).
//
//   node web/tests/e2e.mjs
//
// Run by tests/tests/browser.rs (cargo test), which builds web/dist first and
// afterwards compares the downloaded manifests with aac-core and Helm.
// Writes to $AAC_E2E_OUT (default <repo>/target/browser): screenshots/*.png,
// download-<preset>.yaml, results.json (measurements and what was downloaded).
// Exits 1 when a test fails; prints one line per test and the measurements
// (first manifests, keystroke to preview and to its painted frame, beside a
// baseline). Also: the comparison view, a link pasted into an open tab, the phone
// layout (390 x 844) and the desktop one, schema-driven editing, and axe-core.
// AAC_E2E_ONLY=REGEX runs only the tests whose names match.
// Serves web/dist itself (tests/server.mjs); AAC_E2E_URL=http://127.0.0.1:PORT/
// tests a page served elsewhere instead (e.g. by `aac serve`).

import { mkdirSync, readFileSync, readdirSync, writeFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import {
  aac, assert, assertEq, launchChromium, median, openPlayground, pct, settled, testRunner, waitRenders,
} from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const dist = join(repo, 'web/dist');
const out = resolve(process.env.AAC_E2E_OUT || join(repo, 'target/browser'));
const shots = join(out, 'screenshots');
mkdirSync(shots, { recursive: true });

const chart = join(repo, 'helm/ai-agent-connector');
const PRESET_FILES = {
  defaults: 'values.yaml',
  development: 'values-development.yaml',
  production: 'values-production.yaml',
};
const presetText = (p) => readFileSync(join(chart, PRESET_FILES[p]), 'utf8');

// ---- setup ---------------------------------------------------------------------------

const results = [];
const measurements = {};
const downloads = [];

const server = process.env.AAC_E2E_URL
  ? { url: process.env.AAC_E2E_URL.replace(/\/?$/, '/'), close: async () => {} }
  : await serve(dist);
const ownRequests = [];
const browser = await launchChromium();
const foreignRequests = [];
const pageErrors = [];

async function newPage(options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport || { width: 1440, height: 900 },
    isMobile: !!options.phone,
    hasTouch: !!options.phone,
    deviceScaleFactor: options.phone ? 2 : 1,
    acceptDownloads: true,
    colorScheme: options.colorScheme || 'light',
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const track = (r) => {
    const u = r.url();
    if (u.startsWith(server.url)) ownRequests.push(new URL(u).pathname);
    else if (!u.startsWith('data:') && !u.startsWith('blob:')) foreignRequests.push(u);
  };
  context.on('request', track); // the page's and its worker's
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console.error: ${m.text()}`);
  });
  return { context, page };
}

const open = (page, url = server.url) => openPlayground(page, url);

/** Opens `text` as the values file `name` and waits until the page has rendered it without errors. */
async function openValuesFile(page, name, text) {
  await page.setInputFiles('#file-input', { name, mimeType: 'text/yaml', buffer: Buffer.from(text) });
  await page.waitForFunction((t) => window.__aac.state().values === t && window.__aac.idle() && window.__aac.lastOk, text, { timeout: 10000 });
}

/** Puts the cursor right after the first occurrence of `text` in the editor, with the editor's search. */
async function cursorAfter(page, text) {
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('Control+f');
  const field = page.locator('#editor .cm-search input[name="search"]');
  await field.fill('');
  await field.pressSequentially(text); // the panel reads its query on key events
  await field.press('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowRight'); // collapse the match to its end
}

function lineOf(text, needle) {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert(i >= 0, `"${needle}" is not in the text`);
  return i + 1;
}

const runTest = testRunner(results);
// AAC_E2E_ONLY=REGEX runs only the tests whose names match (while working on one).
const only = process.env.AAC_E2E_ONLY ? new RegExp(process.env.AAC_E2E_ONLY) : null;
const test = (name, fn) => (!only || only.test(name) ? runTest(name, fn) : Promise.resolve());

// ---- the tests -------------------------------------------------------------------------

await test('loads and shows the Deployment for the chart defaults', async () => {
  const { context, page } = await newPage();
  const samples = [];
  for (let i = 0; i < 5; i++) {
    // A fresh page each time (new storage); the first load also warms the server.
    const p = i === 0 ? page : await context.newPage();
    if (i > 0) await p.evaluate(() => localStorage.clear()).catch(() => {});
    await open(p);
    const s = await aac(p);
    samples.push({ firstRenderMs: s.firstRenderMs, wasmReadyMs: s.wasmReadyMs, editorMs: s.editorMs });
    if (i > 0) await p.close();
  }
  measurements.firstRenderMs = samples.map((s) => Math.round(s.firstRenderMs));
  measurements.firstRenderMedianMs = Math.round(median(samples.map((s) => s.firstRenderMs)));
  measurements.wasmReadyMedianMs = Math.round(median(samples.map((s) => s.wasmReadyMs)));
  measurements.editorReadyMedianMs = Math.round(median(samples.map((s) => s.editorMs)));

  const s = await aac(page);
  assertEq(s.state.preset, 'defaults', 'preset');
  assertEq(s.state.values, presetText('defaults'), 'editor text');
  assert(s.shown.includes('kind: Deployment'), 'the viewer shows the Deployment');
  assert(s.shown.includes('name: ai-agent-connector'), 'named after the release');
  const listed = await page.locator('#object-list button .kind').allTextContents();
  for (const kind of ['Deployment', 'Service', 'ConfigMap', 'ServiceAccount']) {
    assert(listed.includes(kind), `${kind} is listed (listed: ${listed.join(', ')})`);
  }
  assert(await page.locator('#diagram svg g.node[data-kind="Deployment"]').count() === 1, 'the diagram has the Deployment');
  assert(await page.locator('#diagram svg g.node[data-kind="Service"]').count() === 1, 'the diagram has the Service');
  assert(await page.locator('#diagram svg line.edge').count() >= 2, 'the diagram connects objects');
  assertEq(await page.locator('#problems-title').textContent(), 'No problems', 'problems');
  await page.waitForTimeout(300); // let the editor finish highlighting
  await page.screenshot({ path: join(shots, 'defaults-light.png') });
  await context.close();
});

await test('typing a change updates the manifests', async () => {
  const { context, page } = await newPage();
  await open(page);
  const before = (await aac(page)).renders;
  await cursorAfter(page, 'repository: ai-agent-connector');
  await page.keyboard.type('-edge');
  await page.waitForFunction(() => window.__aac.shown().includes('ai-agent-connector-edge:'), null, { timeout: 10000 });
  const s = await aac(page);
  assert(s.renders > before, 'rendered again');
  assert(s.state.values.includes('repository: ai-agent-connector-edge'), 'the editor holds the edit');
  assert(!s.shown.includes('image: ai-agent-connector:') && !s.shown.includes('image: "ai-agent-connector:'), 'the old image is gone');
  assertEq(await page.locator('#edited').isVisible(), true, '"edited" marker');
  await context.close();
});

await test('a bad value shows its path on the right line, the last output stays, marked stale', async () => {
  const { context, page } = await newPage();
  await open(page);
  const values = presetText('defaults');
  for (const [needle, replacement, path] of [
    ['replicaCount: 1', 'replicaCount: many', 'replicaCount'],
    ['  port: 5000', '  port: http', 'service.port'],
  ]) {
    const line = lineOf(values, needle);
    const before = (await aac(page)).renders;
    await cursorAfter(page, needle);
    await page.keyboard.press('Shift+Home');
    if (needle.startsWith(' ')) await page.keyboard.press('Shift+Home'); // past the indentation too
    await page.keyboard.type(replacement);
    await waitRenders(page, before);
    await settled(page);
    assertEq((await aac(page)).lastOk, false, `${path}: refused`);
    const problem = page.locator(`#problem-list .problem.error[data-path="${path}"]`);
    await problem.first().waitFor({ timeout: 5000 });
    assertEq(await problem.first().getAttribute('data-line'), String(line), `${path}: problem line`);
    const where = await problem.first().locator('.where').textContent();
    assert(where.startsWith(`line ${line}`), `${path}: shows "line ${line}" (shows "${where}")`);
    // The editor marks that very line.
    await problem.first().click(); // moves the cursor there (and scrolls it into view)
    const marked = page.locator(`#editor .cm-line[data-problem-line="${line}"]`);
    await marked.waitFor({ timeout: 5000 });
    assert((await marked.textContent()).includes(replacement.trim()), `${path}: line ${line} is marked`);
    assert(await page.locator('#editor .cm-gutter-lint .cm-lint-marker-error').count() >= 1, 'lint gutter marker');
    // The last good output is still there, marked stale.
    assert(await page.locator('.output.stale').count() === 1, 'output marked stale');
    assert((await aac(page)).shown.includes('kind: Deployment'), 'last good Deployment still shown');
    assert((await page.locator('#status').textContent()).includes('stale'), 'status says stale');
    assert(await page.locator('#download').isDisabled(), 'no download of stale output');
    if (path === 'service.port') await page.screenshot({ path: join(shots, 'error-stale.png') });
    // Undo brings the good values back.
    await page.click('#editor .cm-content');
    const b2 = (await aac(page)).renders;
    for (let i = 0; i < 3 && (await aac(page)).state.values !== values; i++) await page.keyboard.press('Control+z');
    await waitRenders(page, b2);
    await page.waitForFunction(() => window.__aac.lastOk === true, null, { timeout: 10000 });
    assertEq((await aac(page)).state.values, values, 'undo restores the values');
    assert(await page.locator('.output.stale').count() === 0, 'fresh again');
  }
  await context.close();
});

await test('a warning shows its path on its line and the output stays fresh', async () => {
  const { context, page } = await newPage();
  await open(page);
  const line = lineOf(presetText('defaults'), '  tag: ""');
  await cursorAfter(page, '  tag: ""');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('1.10');
  // Edits made while a render runs are coalesced: wait for the last one's result.
  await settled(page);
  await page.waitForFunction(() => window.__aac.lastOk && window.__aac.shown().includes('image: "ai-agent-connector:1.1"\n'), null, { timeout: 10000 });
  const warning = page.locator('#problem-list .problem.warning[data-path="image.tag"]');
  await warning.first().waitFor({ timeout: 5000 });
  assertEq(await warning.first().getAttribute('data-line'), String(line), 'warning line');
  assert(await page.locator(`#editor .cm-line.cm-warning-line[data-problem-line="${line}"]`).count() === 1, 'the line is marked');
  assert(await page.locator('.output.stale').count() === 0, 'not stale: it renders');
  assert(!(await page.locator('#download').isDisabled()), 'download allowed');
  await page.screenshot({ path: join(shots, 'warning.png') });
  await context.close();
});

await test('switching presets works (and undo brings edits back)', async () => {
  const { context, page } = await newPage();
  await open(page);
  await cursorAfter(page, 'repository: ai-agent-connector');
  await page.keyboard.type('-mine');
  for (const preset of ['development', 'production', 'defaults']) {
    const before = (await aac(page)).renders;
    await page.click(`[data-preset="${preset}"]`);
    await waitRenders(page, before);
    await page.waitForFunction((p) => window.__aac.state().preset === p && window.__aac.lastOk, preset);
    const s = await aac(page);
    assertEq(s.state.values, presetText(preset), `${preset}: editor text`);
    assertEq(await page.locator(`[data-preset="${preset}"]`).getAttribute('aria-checked'), 'true', `${preset}: checked`);
    const kinds = await page.locator('#object-list button .kind').allTextContents();
    const diagramKinds = await page.locator('#diagram svg g.node').evaluateAll((ns) => ns.map((n) => n.dataset.kind));
    if (preset === 'production') {
      // values-production.yaml exposes the release through a Gateway API HTTPRoute.
      assert(kinds.includes('HTTPRoute'), 'production renders an HTTPRoute');
      assert(diagramKinds.includes('HTTPRoute'), 'the diagram shows the HTTPRoute');
      assert(await page.locator('#diagram .netpol').count() === 1, 'the NetworkPolicy is drawn around the Deployment');
      assert(kinds.includes('HorizontalPodAutoscaler') && kinds.includes('PodDisruptionBudget'), 'HPA and PDB');
      assert(diagramKinds.includes('HorizontalPodAutoscaler') && diagramKinds.includes('PodDisruptionBudget'), 'HPA and PDB in the diagram');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(shots, 'production-light.png') });
    }
    if (preset === 'development') assert(!kinds.includes('HTTPRoute'), 'development has no HTTPRoute');
  }
  // The edit made before the first switch is one undo away from each switch.
  await page.click('#editor .cm-content');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  await page.waitForFunction(() => window.__aac.state().values.includes('repository: ai-agent-connector-mine'), null, { timeout: 5000 });
  await context.close();
});

await test('edits survive a reload', async () => {
  const { context, page } = await newPage();
  await open(page);
  await cursorAfter(page, 'repository: ai-agent-connector');
  await page.keyboard.type('-kept');
  await page.fill('#release', 'keep-me');
  // Reload at once: before the URL is updated, the local copy must win.
  await page.reload();
  await page.waitForFunction(() => window.__aac && window.__aac.firstRenderMs != null && window.__aac.editorMs != null);
  let s = await aac(page);
  assert(s.state.values.includes('repository: ai-agent-connector-kept'), 'the edit is back after an immediate reload');
  assertEq(await page.inputValue('#release'), 'keep-me', 'release name after reload');
  assert(s.shown.includes('keep-me-ai-agent-connector'), 'rendered with the kept release name');
  // And after the URL caught up.
  await page.waitForFunction(() => location.hash.startsWith('#s='));
  await cursorAfter(page, 'ai-agent-connector-kept');
  await page.keyboard.type('2');
  await page.waitForTimeout(700);
  await page.reload();
  await page.waitForFunction(() => window.__aac && window.__aac.firstRenderMs != null && window.__aac.editorMs != null);
  s = await aac(page);
  assert(s.state.values.includes('repository: ai-agent-connector-kept2'), 'the later edit is back too');
  await context.close();
});

await test('a share link reproduces the state in a new page', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.click('[data-preset="production"]');
  await page.waitForFunction(() => window.__aac.state().preset === 'production' && window.__aac.lastOk);
  await cursorAfter(page, 'LOG_LEVEL: WARNING');
  await page.keyboard.type('_SHARED');
  await page.fill('#release', 'shop');
  await page.fill('#namespace', 'prod');
  await page.waitForFunction(() => window.__aac.shown().includes('shop-ai-agent-connector') && window.__aac.lastOk);
  await page.click('#share');
  await page.locator('#share-dialog[open]').waitFor();
  const url = await page.inputValue('#share-url');
  assert(url.startsWith(server.url) && url.includes('#s='), `a link to this page: ${url}`);
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assertEq(clip, url, 'the link is on the clipboard');
  await page.screenshot({ path: join(shots, 'share-dialog.png') });
  const original = await aac(page);
  await page.keyboard.press('Escape');

  // A stranger opens it: new context, empty storage.
  const other = await newPage();
  await open(other.page, url);
  const s = await aac(other.page);
  assertEq(s.state.values, original.state.values, 'values');
  assertEq(s.state.release, 'shop', 'release');
  assertEq(s.state.namespace, 'prod', 'namespace');
  assertEq(s.state.preset, 'production', 'preset');
  assertEq(await other.page.inputValue('#release'), 'shop', 'release field');
  assertEq(await other.page.inputValue('#namespace'), 'prod', 'namespace field');
  assert(s.shown.includes('namespace: prod') && s.shown.includes('name: shop-ai-agent-connector'), 'rendered for the shared release');
  // Same output, byte for byte.
  const streams = [];
  for (const p of [page, other.page]) {
    await p.click('[data-key="all"]');
    streams.push((await aac(p)).shown);
  }
  assertEq(streams[1], streams[0], 'the shared page renders the same manifests');
  await other.context.close();
  await context.close();
});

await test('a share link too long for a browser to open says so and is not copied', async () => {
  const { context, page } = await newPage();
  await open(page);
  // 2.7 MB of bytes as base64 (deflate cannot shrink it much): a link of about 3.5 MiB.
  let x = 88172645463325252n;
  const bytes = Buffer.alloc(2_700_000);
  for (let i = 0; i < bytes.length; i += 8) {
    x ^= (x << 13n) & 0xffffffffffffffffn; x ^= x >> 7n; x ^= (x << 17n) & 0xffffffffffffffffn;
    bytes.writeBigUInt64LE(x, Math.min(i, bytes.length - 8));
  }
  const text = `configmap:\n  data:\n    NOISE: "${bytes.toString('base64')}"\n`;
  await page.evaluate(() => navigator.clipboard.writeText('not replaced'));
  await page.setInputFiles('#file-input', { name: 'noise.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => window.__aac.state().values.length === n && window.__aac.idle(), text.length, { timeout: 10000 });
  await page.click('#share');
  await page.locator('#share-dialog[open]').waitFor();
  await page.waitForFunction(() => document.getElementById('share-note').textContent.includes('too long'), null, { timeout: 10000 });
  const note = await page.locator('#share-note').textContent();
  assert(/^This link is 3\.\d MiB: too long for a browser to open/.test(note), `the note says why: ${note}`);
  assertEq(await page.evaluate(() => navigator.clipboard.readText()), 'not replaced', 'the clipboard is left alone');
  await context.close();
});

await test('downloads all manifests as one YAML file, for each preset', async () => {
  const { context, page } = await newPage();
  await open(page);
  for (const preset of ['defaults', 'development', 'production']) {
    await page.click(`[data-preset="${preset}"]`);
    await page.waitForFunction((p) => window.__aac.state().preset === p && window.__aac.lastOk && window.__aac.renders > 0, preset);
    await page.waitForFunction((text) => window.__aac.state().values === text, presetText(preset));
    await page.waitForTimeout(50);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const file = join(out, `download-${preset}.yaml`);
    await download.saveAs(file);
    const s = await aac(page);
    assertEq(download.suggestedFilename(), `${s.state.release}.yaml`, 'file name');
    const text = readFileSync(file, 'utf8');
    assert(text.startsWith('---\n# Source: ai-agent-connector/templates/'), 'helm template format');
    downloads.push({ preset, file, valuesFile: PRESET_FILES[preset], release: s.state.release, namespace: s.state.namespace });
  }
  // Copy puts what the viewer shows on the clipboard.
  await page.click('[data-key="all"]');
  await page.click('#copy');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assertEq(clip, (await aac(page)).shown, 'copied text');
  await context.close();
});

await test('keystroke to preview, production values (median over 40 keystrokes)', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.click('[data-preset="production"]');
  await page.waitForFunction(() => window.__aac.state().preset === 'production' && window.__aac.lastOk);
  await page.click('[data-key="Deployment/ai-agent-connector"]');
  await cursorAfter(page, 'LOG_LEVEL: WARNING');
  const start = (await aac(page)).keystrokeMs.length;
  const letters = 'abcdefghij';
  for (let i = 0; i < 45; i++) {
    const before = (await aac(page)).renders;
    await page.keyboard.press(letters[i % letters.length]);
    await waitRenders(page, before);
  }
  // The last keystroke's frame comes after its render is counted.
  await page.waitForFunction(() => window.__aac.keystrokePaintMs.length >= window.__aac.keystrokeMs.length, null, { timeout: 5000 });
  const s = await aac(page);
  const samples = s.keystrokeMs.slice(start + 5); // the first few warm the engine's tiers up
  assert(samples.length >= 40, `got ${samples.length} samples`);
  assert(s.lastOk, 'the edits render');
  assert(s.state.values.includes('LOG_LEVEL: WARNING' + 'abcdefghij'.repeat(4)), 'typed into the editor');
  measurements.keystrokeMedianMs = Number(median(samples).toFixed(2));
  measurements.keystrokeP90Ms = Number(pct(samples, 90).toFixed(2));
  measurements.keystrokeMaxMs = Number(Math.max(...samples).toFixed(2));
  // To the next animation frame after the preview changed.
  const painted = s.keystrokePaintMs.slice(start + 5);
  assert(painted.length >= 40, `got ${painted.length} painted samples`);
  measurements.keystrokePaintMedianMs = Number(median(painted).toFixed(2));
  measurements.keystrokePaintP90Ms = Number(pct(painted, 90).toFixed(2));
  // Typed into small values, after a quick render: rendered on the page, in the keystroke's task.
  const phases = s.phases.slice(-40);
  assert(phases.every((p) => p.where === 'page'), `keystrokes rendered on the page: ${phases.map((p) => p.where).join(' ')}`);
  measurements.keystrokeRenderMedianMs = Number(median(phases.map((p) => p.render)).toFixed(2));
  measurements.keystrokeShowMedianMs = Number(median(phases.map((p) => p.parse + p.show)).toFixed(2));
  // The baseline, in the same page and run: keys that move the cursor and render
  // nothing, from the key to the next animation frame.
  for (let i = 0; i < 45; i++) {
    await page.keyboard.press(i % 2 ? 'ArrowRight' : 'ArrowLeft');
    await page.waitForTimeout(40);
  }
  await page.waitForFunction(() => window.__aac.keyFrameMs.length >= 45, null, { timeout: 5000 });
  const baseline = (await aac(page)).keyFrameMs.slice(5);
  measurements.keyFrameMedianMs = Number(median(baseline).toFixed(2));
  measurements.keyFrameP90Ms = Number(pct(baseline, 90).toFixed(2));
  assertEq((await aac(page)).renders, s.renders, 'the arrow keys rendered nothing');
  await context.close();
});

await test('keystroke to preview with 1 MB of values in the editor (median over 15 keystrokes)', async () => {
  const { context, page } = await newPage();
  await open(page);
  // A ConfigMap of 14,000 keys, as scripts/bench-values.sh makes it (~70 bytes a key).
  let text = 'configmap:\n  data:\n';
  for (let i = 0; i < 14000; i++) text += `    KEY_${String(i).padStart(5, '0')}: "value-${i}-${'x'.repeat(40)}"\n`;
  text += '    LAST_KEY: "end"\n';
  await page.setInputFiles('#file-input', { name: 'big.yaml', mimeType: 'text/yaml', buffer: Buffer.from(text) });
  await page.waitForFunction((n) => window.__aac.state().values.length === n && window.__aac.idle() && window.__aac.lastOk, text.length, { timeout: 30000 });
  await page.click('[data-key="ConfigMap/ai-agent-connector"]');
  await cursorAfter(page, 'LAST_KEY: "end');
  const start = (await aac(page)).keystrokeMs.length;
  const letters = 'abcdefghij';
  for (let i = 0; i < 18; i++) {
    const before = (await aac(page)).renders;
    await page.keyboard.press(letters[i % letters.length]);
    await waitRenders(page, before);
  }
  const s = await aac(page);
  const samples = s.keystrokeMs.slice(start + 3);
  assert(samples.length >= 15, `got ${samples.length} samples`);
  assert(s.lastOk && s.state.values.includes('LAST_KEY: "end' + 'abcdefghij' + 'abcdefgh'), 'typed into the 1 MB values');
  assert(s.shown.includes('"LAST_KEY": "endabcdefghijabcdefgh"'), 'the preview shows the last keystroke');
  measurements.bigValuesBytes = text.length;
  measurements.bigKeystrokeMedianMs = Number(median(samples).toFixed(2));
  measurements.bigKeystrokeP90Ms = Number(pct(samples, 90).toFixed(2));
  // Too large to render on the page: the worker renders it, and the page stays free.
  const phases = s.phases.slice(-samples.length);
  assert(phases.every((p) => p.where === 'worker'), `1 MB of values rendered by the worker: ${phases.map((p) => p.where).join(' ')}`);
  measurements.bigRenderMedianMs = Number(median(phases.map((p) => p.render)).toFixed(2));
  measurements.bigWaitMedianMs = Number(median(phases.map((p) => p.wait)).toFixed(2));
  measurements.bigShowMedianMs = Number(median(phases.map((p) => p.parse + p.show)).toFixed(2));
  measurements.bigAnswerBytes = Number(median(phases.map((p) => p.bytes)));
  await context.close();
});

await test('keyboard: skip link, presets with arrows, object list with arrows, Esc-Tab leaves the editor', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.keyboard.press('Tab');
  assertEq(await page.evaluate(() => document.activeElement.className), 'skip', 'the skip link comes first');
  await page.keyboard.press('Enter');
  assert(await page.evaluate(() => document.activeElement.matches('#editor .cm-content')), 'the skip link puts the keyboard in the editor');
  await page.keyboard.type('# typed after the skip link\n');
  await page.waitForFunction(() => window.__aac.state().values.startsWith('# typed after the skip link\n'));
  // Presets: a radio group, arrows move and choose.
  await page.focus('[data-preset="defaults"]');
  const before = (await aac(page)).renders;
  await page.keyboard.press('ArrowRight');
  await waitRenders(page, before);
  assertEq((await aac(page)).state.preset, 'development', 'ArrowRight chose the next preset');
  // The object list.
  await page.focus('[data-key="all"]');
  await page.keyboard.press('ArrowDown');
  const current = await page.evaluate(() => document.activeElement.dataset.key);
  assert(current && current !== 'all', 'ArrowDown moved to an object');
  assertEq(await page.getAttribute(`[data-key="${current}"]`, 'aria-current'), 'true', 'and showed it');
  // Diagram nodes are buttons.
  await page.focus('#diagram g.node[data-kind="Service"]');
  await page.keyboard.press('Enter');
  assert((await page.locator('#viewer-title').textContent()).startsWith('Service '), 'Enter on a diagram node shows it');
  // In the editor Tab indents; Escape then Tab moves on.
  await page.click('#editor .cm-content');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  const inEditor = await page.evaluate(() => document.getElementById('editor').contains(document.activeElement));
  assert(!inEditor, 'Escape, Tab left the editor');
  await context.close();
});

await test('dark colour scheme', async () => {
  const { context, page } = await newPage({ colorScheme: 'dark' });
  await open(page);
  await page.click('[data-preset="production"]');
  await page.waitForFunction(() => window.__aac.state().preset === 'production' && window.__aac.lastOk);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assertEq(bg, 'rgb(18, 22, 28)', 'dark background');
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, 'production-dark.png') });
  // The header's button overrides the system's choice.
  await page.click('#theme'); // auto -> light
  assertEq(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(246, 247, 249)', 'light on request');
  await context.close();
});

await test('opening or dropping a values file replaces the values (undo brings them back); a refused file changes nothing', async () => {
  const { context, page } = await newPage();
  await open(page);
  const defaults = presetText('defaults');
  await page.setInputFiles('#file-input', join(chart, PRESET_FILES.production));
  await page.waitForFunction((text) => window.__aac.state().values === text && window.__aac.idle() && window.__aac.lastOk, presetText('production'), { timeout: 10000 });
  let s = await aac(page);
  assertEq(s.opens.length, 1, 'one file opened');
  assert(s.opens[0].ok && s.opens[0].name === PRESET_FILES.production, 'opened values-production.yaml');
  assertEq(s.state.preset, 'custom', 'an opened file is no preset');
  assert((await page.locator('#object-list button .kind').allTextContents()).includes('HorizontalPodAutoscaler'), 'the production objects');
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+z');
  await page.waitForFunction((text) => window.__aac.state().values === text && window.__aac.idle(), defaults, { timeout: 5000 });

  // Latin-1, not UTF-8: refused as Helm refuses it, with where; nothing changes.
  const shownBefore = (await aac(page)).shown;
  await page.setInputFiles('#file-input', { name: 'latin1.yaml', mimeType: 'text/yaml', buffer: Buffer.from('a: 1\nb: caf\xe9 au lait\n', 'latin1') });
  await page.locator('#notice').waitFor({ state: 'visible', timeout: 5000 });
  assertEq(await page.locator('#notice-text').textContent(), 'latin1.yaml was not opened: the editor is unchanged.', 'notice title');
  assertEq(await page.locator('#notice-list li').first().textContent(), 'latin1.yaml:2:7: yaml: invalid trailing UTF-8 octet (the file is not UTF-8)', 'notice says what and where');
  s = await aac(page);
  assertEq(s.state.values, defaults, 'the editor is unchanged');
  assertEq(s.shown, shownBefore, 'the output is unchanged');
  await page.screenshot({ path: join(shots, 'file-refused.png') });

  // Dropped on the editor: opened (not inserted as text); the notice goes.
  const files = await page.evaluateHandle(() => {
    const d = new DataTransfer();
    d.items.add(new File(['image:\n  tag: "9.9.9"\n'], 'dropped.yaml', { type: 'text/yaml' }));
    return d;
  });
  await page.dispatchEvent('#editor .cm-content', 'drop', { dataTransfer: files });
  await page.waitForFunction(() => window.__aac.state().values === 'image:\n  tag: "9.9.9"\n' && window.__aac.idle() && window.__aac.lastOk, null, { timeout: 5000 });
  await page.click('[data-key="all"]');
  assert((await aac(page)).shown.includes('ai-agent-connector:9.9.9'), 'the dropped values rendered');
  assert(await page.locator('#notice').isHidden(), 'the notice is gone');
  await context.close();
});

// A renderer that never answers (or traps) is replaced; what was typed is kept.
// The worker script is swapped for one that, like the real one, answers renders
// once it has the module and said it is ready, and then hangs (or crashes) on
// them; the fresh worker the page starts is the real one.
const FAKE_CHART = JSON.stringify({ name: 'ai-agent-connector', version: '0', appVersion: '0', valuesLimitBytes: 4194304, defaultValues: presetText('defaults') });
const brokenWorker = (answer) => `
  let ready = false;
  const waiting = [];
  const answer = (m) => { ${answer} };
  self.onmessage = (e) => {
    if (e.data.type !== 'module') return ready ? answer(e.data) : waiting.push(e.data);
    ready = true;
    self.postMessage({ type: 'ready', chart: ${FAKE_CHART}, at: performance.timeOrigin + performance.now() });
    waiting.forEach(answer);
  };`;
const BROKEN_WORKERS = {
  hangs: brokenWorker('for (;;) {}'),
  crashes: brokenWorker("self.postMessage({ type: 'crashed', of: 'result', id: m.id, message: 'RuntimeError: unreachable' });"),
};
for (const [how, script] of Object.entries(BROKEN_WORKERS)) {
  await test(`a renderer that ${how} is replaced, and the values are kept`, async () => {
    const { context, page } = await newPage();
    let served = 0;
    await context.route('**/worker-*.js', (route) => (served++ === 0
      ? route.fulfill({ status: 200, contentType: 'text/javascript', body: script })
      : route.continue()));
    await page.goto(server.url);
    await page.waitForFunction(() => window.__aac && window.__aac.renders >= 1, null, { timeout: 30000, polling: 100 });
    const message = how === 'hangs' ? 'took more than 10 s and was stopped' : 'crashed (RuntimeError: unreachable)';
    const problem = page.locator('#problem-list .problem.error .message');
    assert((await problem.first().textContent()).includes(`the renderer ${message}`), `the problem says the renderer ${message}`);
    let s = await aac(page);
    assertEq(s.lastOk, false, 'nothing rendered');
    assertEq(s.workerStarts, 2, 'a fresh worker was started');
    assertEq(s.state.values, presetText('defaults'), 'the values are kept');
    await page.waitForFunction(() => window.__aac.editorMs != null);
    await cursorAfter(page, 'repository: ai-agent-connector');
    await page.keyboard.type('-next');
    await page.waitForFunction(() => window.__aac.lastOk && window.__aac.shown().includes('ai-agent-connector-next:'), null, { timeout: 10000 });
    s = await aac(page);
    assertEq(served, 2, 'the page fetched the worker again');
    await context.close();
  });
}

// What the page says changes against a baseline, for browser.rs to check against `aac diff`.
const comparisons = [];

/** Chooses `against` in "Compare with" and waits for the comparison of the current values. */
async function compareWith(page, against) {
  await page.selectOption('#compare', against);
  await settled(page);
  await page.waitForFunction((a) => {
    const d = window.__aac.diff();
    return d && d.ready && d.against === a && d.fresh;
  }, against, { timeout: 10000 });
  return page.evaluate(() => window.__aac.diff());
}

/** Loads a preset and waits until it is rendered. */
async function choose(page, preset) {
  await page.click(`[data-preset="${preset}"]`);
  await page.waitForFunction((p) => window.__aac.state().preset === p && window.__aac.idle() && window.__aac.lastOk, preset, { timeout: 10000 });
}

function record(d, currentFile, againstFile) {
  comparisons.push({
    currentFile, againstFile, release: d.release, namespace: d.namespace,
    added: d.added, removed: d.removed, changed: d.changed.map((c) => c.key),
  });
}

await test('compare with the chart defaults, a preset, or the link opened: objects added, removed and changed, field by field', async () => {
  const { context, page } = await newPage();
  await open(page);
  assert(await page.locator('#compare option[value="link"]').isDisabled(), 'no link opened: nothing to compare with');

  // Production against the chart's defaults: the production objects are added.
  await choose(page, 'production');
  let d = await compareWith(page, 'defaults');
  assert(await page.locator('#changes').isVisible(), 'the changes are shown');
  for (const kind of ['HTTPRoute', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']) {
    assert(d.added.some((k) => k.startsWith(`${kind}/`)) || d.changed.some((c) => c.key.startsWith(`${kind}/`)), `${kind} added or changed: ${JSON.stringify(d)}`);
  }
  const configmap = d.changed.find((c) => c.key.startsWith('ConfigMap/'));
  assert(configmap, 'the ConfigMap changes');
  const level = configmap.fields.find((f) => f.path === 'data.LOG_LEVEL');
  assert(level && level.change === 'changed' && level.before === 'INFO' && level.after === 'WARNING', `data.LOG_LEVEL INFO -> WARNING: ${JSON.stringify(configmap.fields)}`);
  const row = page.locator('#changes-list li[data-key^="ConfigMap/"] tr.field-row.changed[data-path="data.LOG_LEVEL"]');
  assertEq(await row.locator('del').textContent(), 'INFO', 'the row shows what it was');
  assertEq(await row.locator('ins').textContent(), 'WARNING', 'and what it becomes');
  assert((await page.locator('#changes-title').textContent()).startsWith("Against the chart's defaults: "), 'the title says against what');
  await page.screenshot({ path: join(shots, 'compare-production-defaults.png') });
  record(d, PRESET_FILES.production, null);

  // Development against Production, Defaults against Development.
  await choose(page, 'development');
  d = await compareWith(page, 'production');
  assert(d.removed.some((k) => k.startsWith('HTTPRoute/')), `development has no HTTPRoute: ${JSON.stringify(d.removed)}`);
  record(d, PRESET_FILES.development, PRESET_FILES.production);
  await choose(page, 'defaults');
  d = await compareWith(page, 'development');
  record(d, PRESET_FILES.defaults, PRESET_FILES.development);

  // A preset against itself: nothing changes.
  d = await compareWith(page, 'defaults');
  assertEq(d.added.length + d.removed.length + d.changed.length, 0, 'values.yaml against the chart defaults');
  assert((await page.locator('#changes-title').textContent()).startsWith('The same objects'), 'says nothing changes');
  record(d, PRESET_FILES.defaults, null);

  // A custom values file: one field of one object, exactly.
  const custom = 'image:\n  tag: "9.9.9"\n';
  await openValuesFile(page, 'custom.yaml', custom);
  d = await compareWith(page, 'defaults');
  assertEq(JSON.stringify(d.changed), JSON.stringify([{
    key: 'Deployment/ai-agent-connector',
    fields: [{ path: 'spec.template.spec.containers[ai-agent-connector].image', change: 'changed', before: 'ai-agent-connector:1.0.0', after: 'ai-agent-connector:9.9.9' }],
  }]), 'the custom file changes the image only');
  assertEq(d.added.length + d.removed.length, 0, 'no object added or removed');
  writeFileSync(join(out, 'custom-values.yaml'), custom);
  record(d, join(out, 'custom-values.yaml'), null);
  // Typing updates the comparison.
  await cursorAfter(page, '9.9.9');
  await page.keyboard.type('-rc1');
  d = await compareWith(page, 'defaults');
  assertEq(d.changed[0].fields[0].after, 'ai-agent-connector:9.9.9-rc1', 'the comparison follows the edits');
  // Back to the manifests.
  await page.selectOption('#compare', '');
  assert(await page.locator('#changes').isHidden() && await page.locator('.browser').isVisible(), 'the manifests again');
  await context.close();

  // The link opened: shared from Production, compared after switching to Defaults.
  const sharer = await newPage();
  await open(sharer.page);
  await choose(sharer.page, 'production');
  await sharer.page.fill('#release', 'linked');
  await sharer.page.waitForFunction(() => window.__aac.idle() && window.__aac.lastOk && window.__aac.shown().includes('linked-ai-agent-connector'));
  await sharer.page.click('#share');
  await sharer.page.locator('#share-dialog[open]').waitFor();
  await sharer.page.waitForFunction(() => document.getElementById('share-url').value.includes('#s='));
  const url = await sharer.page.inputValue('#share-url');
  await sharer.context.close();
  const other = await newPage();
  await open(other.page, url);
  await choose(other.page, 'defaults');
  d = await compareWith(other.page, 'link');
  assertEq(d.release, 'linked', "the link's release");
  assert(d.removed.some((k) => k.startsWith('HTTPRoute/')), `the link's HTTPRoute is not in the defaults: ${JSON.stringify(d)}`);
  record(d, PRESET_FILES.defaults, PRESET_FILES.production);
  await other.context.close();
});

/** A share link of `preset` with `release`, made in a page of its own. */
async function shareLink(preset, release) {
  const { context, page } = await newPage();
  await open(page);
  await choose(page, preset);
  await page.fill('#release', release);
  await page.waitForFunction((r) => window.__aac.idle() && window.__aac.lastOk && window.__aac.shown().includes(`${r}-ai-agent-connector`), release);
  await page.click('#share');
  await page.locator('#share-dialog[open]').waitFor();
  await page.waitForFunction(() => document.getElementById('share-url').value.includes('#s='));
  const url = await page.inputValue('#share-url');
  await context.close();
  return url;
}

await test('a share link pasted into an open tab is opened, asking first when there are edits', async () => {
  const production = await shareLink('production', 'prod-link');
  const development = await shareLink('development', 'dev-link');
  const { context, page } = await newPage();
  await open(page);
  const dialogs = [];
  let answer = true;
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    return answer ? d.accept() : d.dismiss();
  });
  const paste = (url) => page.evaluate((h) => { location.hash = h; }, new URL(url).hash);
  const opened = (release) => page.waitForFunction((r) => window.__aac.state().release === r && window.__aac.idle() && window.__aac.lastOk, release, { timeout: 10000 });

  // No edits: opened at once, no question.
  await paste(production);
  await opened('prod-link');
  let s = await aac(page);
  assertEq(s.state.values, presetText('production'), 'the link\'s values');
  assertEq(await page.inputValue('#release'), 'prod-link', 'the release field');
  assert(s.shown.includes('prod-link-ai-agent-connector'), 'rendered for the link');
  assertEq(dialogs.length, 0, 'no question without edits');
  assert(!(await page.locator('#compare option[value="link"]').isDisabled()), 'the link can be compared with');

  // Edits, and the user says no: nothing changes, the address is the page's again.
  await cursorAfter(page, 'LOG_LEVEL: WARNING');
  await page.keyboard.type('_EDITED');
  await settled(page);
  answer = false;
  await paste(development);
  await page.waitForFunction(() => window.__aac.hashLinks >= 2, null, { timeout: 5000 });
  await page.waitForTimeout(200);
  assertEq(dialogs.length, 1, 'asked once');
  assert(dialogs[0].includes('replace your edits'), `the question: ${dialogs[0]}`);
  s = await aac(page);
  assert(s.state.values.includes('LOG_LEVEL: WARNING_EDITED'), 'the edits are kept');
  assertEq(s.state.release, 'prod-link', 'the release is kept');
  assert(new URL(development).hash !== (await page.evaluate(() => location.hash)), 'the address no longer holds the refused link');

  // Edits, and the user says yes: opened, and Undo brings the edits back.
  answer = true;
  await paste(development);
  await opened('dev-link');
  assertEq(dialogs.length, 2, 'asked again');
  s = await aac(page);
  assertEq(s.state.values, presetText('development'), 'the second link\'s values');
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => window.__aac.state().values.includes('LOG_LEVEL: WARNING_EDITED'), null, { timeout: 5000 });
  await context.close();
});

/**
 * What a phone user could not read or hit: horizontal overflow of the page,
 * rendered text under 12 px, and visible controls smaller than 44 x 44 px.
 */
function layoutProblems() {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) problems.push(`the page scrolls sideways: ${doc.scrollWidth} > ${window.innerWidth}`);
  const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || !shown(el) || el.closest('.visually-hidden, .skip, title')) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 12) small.add(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} "${n.textContent.trim().slice(0, 30)}" ${size}px`);
  }
  problems.push(...[...small].slice(0, 10).map((t) => `text under 12 px: ${t}`));
  const controls = document.querySelectorAll('button, select, input:not([type="file"]), a[href], summary, [role="button"], [role="tab"]');
  for (const el of controls) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.bottom < 0 || r.top > window.innerHeight || r.right < 0 || r.left > window.innerWidth) continue;
    if (el.closest('.skip')) continue;
    if (r.width < 44 - 0.5 || r.height < 44 - 0.5) {
      problems.push(`target under 44 px: ${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
    }
  }
  return problems;
}

await test('phone (390 x 844): tabs, one pane at a time, no sideways scrolling, 44 px targets, text >= 12 px, opens at the top', async () => {
  const { context, page } = await newPage({ viewport: { width: 390, height: 844 }, phone: true });
  await open(page);
  await page.waitForTimeout(300);
  assertEq(await page.evaluate(() => window.scrollY), 0, 'opens scrolled to the top');
  assert(await page.locator('.tabs').isVisible(), 'the tabs show');
  for (const tab of ['values', 'manifests', 'diagram', 'changes']) {
    await page.click(`#tab-${tab}`);
    if (tab === 'changes') {
      await page.waitForFunction(() => window.__aac.diff() && window.__aac.diff().ready, null, { timeout: 10000 });
    }
    await page.waitForTimeout(150);
    assertEq(await page.getAttribute(`#tab-${tab}`, 'aria-selected'), 'true', `${tab}: selected`);
    const visible = {
      values: await page.locator('#editor').isVisible(),
      manifests: await page.locator('#object-list').isVisible(),
      diagram: await page.locator('#diagram svg').isVisible(),
      changes: await page.locator('#changes-title').isVisible(),
    };
    for (const [pane, on] of Object.entries(visible)) assertEq(on, pane === tab, `${tab} tab: ${pane} ${on ? 'shown' : 'hidden'}`);
    const problems = await page.evaluate(layoutProblems);
    assertEq(problems.join('\n'), '', `${tab} tab`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, `phone-${tab}.png`) });
  }
  await context.close();
});

await test('desktop: the diagram folds away, long lines and NOTES wrap, NOTES are plain text, the toast leaves the list alone', async () => {
  const { context, page } = await newPage();
  await open(page);
  assertEq(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), true, 'no sideways scrolling');
  assert(await page.locator('.tabs').isHidden(), 'no tabs on a desktop');
  // The phone test's checker is not blind: desktop buttons are under 44 px.
  assert((await page.evaluate(layoutProblems)).some((p) => p.startsWith('target under 44 px: button#share')), 'the layout checker finds small targets');
  // The diagram folds, and stays folded after a reload.
  const viewerHeight = () => page.locator('#viewer').evaluate((v) => v.getBoundingClientRect().height);
  const before = await viewerHeight();
  await page.click('#diagram-box > summary');
  assert(await page.locator('#diagram').isHidden(), 'the diagram is folded');
  assert(await viewerHeight() > before + 100, 'the viewer takes its room');
  await page.reload();
  await page.waitForFunction(() => window.__aac && window.__aac.editorMs != null && window.__aac.lastOk);
  assert(await page.locator('#diagram').isHidden(), 'still folded after a reload');
  await page.click('#diagram-box > summary');
  assert(await page.locator('#diagram svg').isVisible(), 'unfolded');
  // A long line wraps in the viewer: nothing to scroll sideways.
  const long = `configmap:\n  data:\n    LONG: "${'x'.repeat(600)}"\n`;
  await openValuesFile(page, 'long.yaml', long);
  await page.click('#object-list button:has(.kind:text-is("ConfigMap"))');
  await page.waitForFunction(() => window.__aac.shown().includes('LONG'));
  const scroller = await page.locator('#viewer .cm-scroller').evaluate((s) => ({ scroll: s.scrollWidth, client: s.clientWidth }));
  assert(scroller.scroll <= scroller.client + 1, `the long line wraps: ${JSON.stringify(scroller)}`);
  // NOTES: plain text, wrapped, not the YAML viewer.
  await page.click('[data-key="notes"]');
  assert(await page.locator('#notes-view').isVisible() && await page.locator('#viewer').isHidden(), 'NOTES in the plain view');
  const notes = await page.locator('#notes-view').evaluate((n) => ({ text: n.textContent, ws: getComputedStyle(n).whiteSpace, spans: n.querySelectorAll('span').length, scroll: n.scrollWidth, client: n.clientWidth }));
  assertEq(notes.ws, 'pre-wrap', 'NOTES wrap');
  assertEq(notes.spans, 0, 'no highlighting');
  assert(notes.text === (await aac(page)).shown && notes.text.length > 50, 'the NOTES text');
  assert(notes.scroll <= notes.client + 1, 'no sideways scrolling in NOTES');
  await page.click('[data-key="all"]');
  assert(await page.locator('#viewer').isVisible() && await page.locator('#notes-view').isHidden(), 'back to the YAML viewer');
  // A preset over edits shows a toast: it does not cover the object list.
  await page.click('[data-preset="production"]');
  await page.locator('#toast.show').waitFor({ timeout: 5000 });
  const [toast, list] = await Promise.all([page.locator('#toast').boundingBox(), page.locator('.objects').boundingBox()]);
  const overlaps = toast.x < list.x + list.width && list.x < toast.x + toast.width && toast.y < list.y + list.height && list.y < toast.y + toast.height;
  assert(!overlaps, `the toast ${JSON.stringify(toast)} covers the list ${JSON.stringify(list)}`);
  await page.waitForFunction(() => window.__aac.idle() && window.__aac.lastOk);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(shots, 'desktop-1440x900.png') });
  await context.close();
});

await test('schema-driven editing in flow style: keys and allowed values inside {...} and [...]', async () => {
  const { context, page } = await newPage();
  await open(page);
  await openValuesFile(page, 'flow.yaml', 'replicaCount: 1\n');
  await page.click('#editor .cm-content');
  await page.waitForFunction(() => window.__aac.schemaReady === true, null, { timeout: 10000 });
  await page.keyboard.press('Control+End');
  const offered = async (typed) => {
    await page.keyboard.type(typed, { delay: 30 });
    const list = page.locator('.cm-tooltip-autocomplete [role="option"]');
    await list.first().waitFor({ timeout: 5000 }).catch(async (e) => {
      throw new Error(`${e.message}\nvalues: ${JSON.stringify((await aac(page)).state.values)}`);
    });
    return list.allTextContents();
  };
  // A key of securityContext.capabilities, two mappings deep on one line.
  let options = await offered('securityContext: {capabilities: {dr');
  assert(options[0].startsWith('drop'), `securityContext.capabilities' keys: ${options.join(', ')}`);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type('[ALL]}, readOnlyRootFilesystem: true}');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  // An allowed value of a key inside a flow mapping.
  options = await offered('image: {tag: "1.0", pullPolicy: IfN');
  assert(options[0].startsWith('IfNotPresent'), `image.pullPolicy's values: ${options.join(', ')}`);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type('}');
  await page.keyboard.press('Enter');
  // A key of a list item written as a flow mapping in a flow list.
  options = await offered('tolerations: [{key: dedicated, oper');
  assert(options[0].startsWith('operator'), `a toleration's keys: ${options.join(', ')}`);
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Equal, value: ai, effect: NoSchedule}]');
  await page.keyboard.press('Escape');
  const want = 'replicaCount: 1\nsecurityContext: {capabilities: {drop: [ALL]}, readOnlyRootFilesystem: true}\nimage: {tag: "1.0", pullPolicy: IfNotPresent}\ntolerations: [{key: dedicated, operator: Equal, value: ai, effect: NoSchedule}]';
  await page.waitForFunction((t) => window.__aac.state().values === t && window.__aac.idle() && window.__aac.lastOk, want, { timeout: 10000 })
    .catch(async (e) => { throw new Error(`${e.message}\nvalues: ${JSON.stringify((await aac(page)).state.values)}`); });
  await page.click('[data-key="all"]');
  const shown = (await aac(page)).shown;
  assert(shown.includes('imagePullPolicy: IfNotPresent') && shown.includes('readOnlyRootFilesystem: true') && shown.includes('operator: Equal'), 'the flow-style values render');
  // Hover docs for a key inside a flow mapping.
  const at = await page.evaluate(() => {
    const line = [...document.querySelectorAll('#editor .cm-line')].find((l) => l.textContent.startsWith('image: {'));
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent.indexOf('pullPolicy');
      if (i < 0) continue;
      const range = document.createRange();
      range.setStart(n, i + 2);
      range.setEnd(n, i + 3);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return null;
  });
  assert(at, 'the flow line is in the editor');
  await page.mouse.move(at.x, at.y);
  const doc = page.locator('.cm-tooltip-hover .schema-doc');
  await doc.waitFor({ timeout: 5000 });
  const docText = await doc.textContent();
  assert(docText.startsWith('image.pullPolicy') && docText.includes('one of Always, IfNotPresent, Never'), `hover docs in flow style: ${docText}`);
  await context.close();
});

await test('schema-driven editing: completion of keys and allowed values, hover docs, one-click "did you mean" fixes', async () => {
  const { context, page } = await newPage();
  await open(page);
  const start = 'image:\n  tag: "1.0.0"\n';
  await openValuesFile(page, 'start.yaml', start);
  await page.click('#editor .cm-content');
  await page.waitForFunction(() => window.__aac.schemaReady === true, null, { timeout: 10000 });
  await page.keyboard.press('Control+End');
  const pick = async (typed, label) => {
    await page.keyboard.type(typed, { delay: 30 });
    const option = page.locator('.cm-tooltip-autocomplete [role="option"]', { hasText: label }).first();
    await option.waitFor({ timeout: 5000 }).catch(async (e) => {
      throw new Error(`${e.message}\nvalues: ${JSON.stringify((await aac(page)).state.values)}; tooltips: ${await page.locator('.cm-tooltip').allTextContents()}`);
    });
    const options = await page.locator('.cm-tooltip-autocomplete [role="option"]').allTextContents();
    assertEq(await page.locator('.cm-tooltip-autocomplete [aria-selected="true"]').first().textContent().then((t) => t.startsWith(label)), true, `${label} is offered first (offered: ${options.join(', ')})`);
    // CodeMirror takes no Enter within 75 ms of showing the list (interactionDelay).
    await page.waitForTimeout(150);
    await page.keyboard.press('Enter');
    return options;
  };
  // A key of `image`, then one of its allowed values.
  let offered = await pick('  pullP', 'pullPolicy');
  assert(!offered.some((o) => o.startsWith('replicaCount')), 'only image\'s keys under image');
  offered = await pick('IfN', 'IfNotPresent');
  // A key at the top level.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await pick('replicaC', 'replicaCount');
  await page.keyboard.type('2');
  const want = 'image:\n  tag: "1.0.0"\n  pullPolicy: IfNotPresent\nreplicaCount: 2';
  await page.waitForFunction((t) => window.__aac.state().values === t && window.__aac.idle() && window.__aac.lastOk, want, { timeout: 10000 })
    .catch(async (e) => { throw new Error(`${e.message}\nvalues: ${JSON.stringify((await aac(page)).state.values)}`); });
  await page.click('[data-key="all"]');
  assert((await aac(page)).shown.includes('imagePullPolicy: IfNotPresent'), 'the completed value renders');

  // Hover docs: the description of image.pullPolicy from the schema.
  await page.locator('#editor .cm-line', { hasText: 'pullPolicy' }).first().hover({ position: { x: 40, y: 6 } });
  const doc = page.locator('.cm-tooltip-hover .schema-doc');
  await doc.waitFor({ timeout: 5000 });
  const docText = await doc.textContent();
  assert(docText.startsWith('image.pullPolicy') && docText.includes('Image pull policy'), `hover docs: ${docText}`);
  assert(docText.includes('one of Always, IfNotPresent, Never'), `the allowed values: ${docText}`);
  await page.mouse.move(5, 5);

  // "Did you mean": an unknown key and a value not allowed, each fixed by one click.
  const typos = 'replicaCont: 2\nimage:\n  pullPolicy: alway\n';
  await page.setInputFiles('#file-input', { name: 'typos.yaml', mimeType: 'text/yaml', buffer: Buffer.from(typos) });
  await page.waitForFunction((t) => window.__aac.state().values === t && window.__aac.idle() && window.__aac.lastOk === false, typos, { timeout: 10000 });
  const fixes = page.locator('#problem-list .fix');
  await fixes.first().waitFor({ timeout: 5000 });
  assertEq(JSON.stringify(await fixes.allTextContents()), JSON.stringify(['Use "replicaCount"', 'Use "Always"']), 'the fixes offered');
  await page.screenshot({ path: join(shots, 'did-you-mean.png') });
  await fixes.first().click();
  await page.waitForFunction(() => window.__aac.state().values.startsWith('replicaCount: 2\n') && window.__aac.idle());
  await page.locator('#problem-list .fix', { hasText: 'Always' }).click();
  await page.waitForFunction(() => window.__aac.idle() && window.__aac.lastOk === true, null, { timeout: 10000 });
  assertEq((await aac(page)).state.values, 'replicaCount: 2\nimage:\n  pullPolicy: Always\n', 'both fixed');
  // Each fix is one undoable edit.
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => window.__aac.state().values.includes('pullPolicy: alway'));
  await context.close();
});

// axe-core (npm), injected into the page: WCAG 2.1 A and AA, best practices, and the
// experimental label-content-name-mismatch, in the states that colour things differently.
const AXE = readFileSync(join(repo, 'web/node_modules/axe-core/axe.min.js'), 'utf8');
async function axeViolations(page, what) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return r.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`).join(' | ')}`);
  });
  return violations.map((v) => `${what}: ${v}`);
}

// ---- provenance, both ways ---------------------------------------------------------------
// What the page lights up, for the three presets and a custom file; browser.rs
// checks each `traces` entry against `aac explain` for the same values.
const traces = [];

/** The 1-based line of the last of `keys` in `text`, each searched from the one before. */
function lineAfter(text, keys) {
  const lines = text.split('\n');
  let at = 0;
  for (const key of keys) {
    const i = lines.slice(at).findIndex((l) => l.startsWith(key));
    assert(i >= 0, `${JSON.stringify(key)} is not in the text`);
    at += i;
  }
  return at + 1;
}

/** The editor's cursor on a 1-based line, by keys (no wrapping on the desktop). */
async function cursorOnLine(page, line) {
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await page.keyboard.press('ArrowDown');
}

/** Waits until the trace of a line on `side` is shown for the current values. */
async function traced(page, side, line) {
  await page.waitForFunction(([s, l]) => {
    const t = window.__aac.trace();
    return t.target && t.target.side === s && (l == null || t.target.line === l) && t.fresh && !t.pending;
  }, [side, line], { timeout: 15000, polling: 50 });
  return page.evaluate(() => window.__aac.trace());
}

/** Points the mouse at the viewer line holding `text`. */
async function hoverViewer(page, text) {
  const shown = (await aac(page)).shown;
  const line = lineOf(shown, text);
  await page.locator('#viewer .cm-line', { hasText: text }).first().hover();
  return [line, await traced(page, 'viewer', line)];
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);

await test('provenance, production preset: a manifest line lights up its values (mouse and keys), a values key every line it affects across objects', async () => {
  const { context, page } = await newPage();
  await open(page);
  await choose(page, 'production');
  const text = presetText('production');
  await page.click('[data-key="HorizontalPodAutoscaler/ai-agent-connector"]');
  const enabled = lineAfter(text, ['autoscaling:', '  enabled:']);
  const min = lineAfter(text, ['autoscaling:', '  minReplicas:']);
  let [, t] = await hoverViewer(page, 'minReplicas: 3');
  assertEq(JSON.stringify(sorted(t.editorLines)), JSON.stringify([enabled, min]), 'the HPA minReplicas line lights up autoscaling.enabled and autoscaling.minReplicas');
  assert(await page.locator(`#editor .cm-trace-line[data-trace-line="${min}"]`).count() === 1, 'the editor marks the line');
  assert(t.panel.includes('autoscaling.minReplicas = 3') && t.panel.includes(`preset values-production.yaml:${min}`), `the panel names the value and its place: ${t.panel}`);
  traces.push({ file: PRESET_FILES.production, object: 'hpa', field: 'spec.minReplicas', editorLines: sorted(t.editorLines) });
  // Keyboard: the viewer's cursor, moved by keys, does the same.
  await page.locator('#viewer .cm-line', { hasText: 'maxReplicas: 20' }).first().click();
  await page.keyboard.press('ArrowUp');
  t = await traced(page, 'viewer', lineOf((await aac(page)).shown, 'minReplicas: 3'));
  assertEq(t.target.how, 'cursor', 'moved by keys');
  assertEq(JSON.stringify(sorted(t.editorLines)), JSON.stringify([enabled, min]), 'the same values by keys');

  // The other way: autoscaling.enabled affects the HPA, the PDB and the Deployment's missing replicas.
  await cursorOnLine(page, enabled);
  t = await traced(page, 'editor', enabled);
  const kinds = t.objects.map((o) => o.kind);
  for (const kind of ['HorizontalPodAutoscaler', 'PodDisruptionBudget']) assert(kinds.includes(kind), `${kind} is affected: ${JSON.stringify(t.objects)}`);
  assert(t.additions.some((a) => a.startsWith('`replicas: 3` in Deployment')), `turning it off adds the Deployment's replicas: ${JSON.stringify(t.additions)}`);
  const hpaLines = (await aac(page)).shown.split('\n').filter((l) => l.trim()).length;
  assertEq(t.viewerLines.length, hpaLines, 'every line of the HPA shown lights up');
  assert(await page.locator('#viewer .cm-trace-line').count() > 0, 'the viewer marks them');
  // An affected object is one click (or Enter) away.
  await page.locator('#trace .trace-objects button', { hasText: 'PodDisruptionBudget' }).click();
  await page.waitForFunction(() => window.__aac.shown().includes('kind: PodDisruptionBudget'));
  t = await page.evaluate(() => window.__aac.trace());
  assert(t.viewerLines.length > 0, 'the PDB lines light up once shown');
  // All manifests at once: every affected line of every object.
  await page.click('[data-key="all"]');
  await page.waitForFunction(() => window.__aac.shown().startsWith('---\n# Source:'));
  t = await page.evaluate(() => window.__aac.trace());
  const total = t.objects.reduce((n, o) => n + o.lines, 0);
  assertEq(t.viewerLines.length, total, 'the whole stream lights up every affected line of every object');
  const stream = (await aac(page)).shown.split('\n');
  assert(t.viewerLines.every((n) => !stream[n - 1].startsWith('---') && !stream[n - 1].startsWith('# Source:')), 'only manifest lines, not the separators');
  await page.click('[data-key="PodDisruptionBudget/ai-agent-connector"]');
  await page.screenshot({ path: join(shots, 'trace-production.png') });
  const found = await axeViolations(page, 'a values key traced (light)');
  assertEq(found.join('\n'), '', 'axe-core violations with the trace shown');
  await context.close();
});

await test('provenance, development preset: replicas from replicaCount and autoscaling.enabled; a chart default named with its values.yaml line', async () => {
  const { context, page } = await newPage({ colorScheme: 'dark' });
  await open(page);
  await choose(page, 'development');
  const text = presetText('development');
  const defaults = presetText('defaults');
  await page.click('[data-key="Deployment/ai-agent-connector"]');
  let [, t] = await hoverViewer(page, 'replicas: 1');
  const want = [lineAfter(text, ['replicaCount:']), lineAfter(text, ['autoscaling:', '  enabled:'])];
  assertEq(JSON.stringify(sorted(t.editorLines)), JSON.stringify(sorted(want)), 'replicas lights up replicaCount and autoscaling.enabled');
  traces.push({ file: PRESET_FILES.development, object: 'deployment', field: 'spec.replicas', editorLines: sorted(t.editorLines) });
  [, t] = await hoverViewer(page, 'image: "');
  assertEq(JSON.stringify(t.editorLines), JSON.stringify([lineAfter(text, ['image:', '  tag:'])]), 'the image line lights up the tag in the editor');
  const repo = lineAfter(defaults, ['image:', '  repository:']);
  assert(t.panel.includes(`from chart defaults values.yaml:${repo}`), `image.repository is a chart default: ${t.panel}`);
  traces.push({ file: PRESET_FILES.development, object: 'deployment', field: 'spec.template.spec.containers[0].image', editorLines: sorted(t.editorLines), defaults: [repo] });
  const found = await axeViolations(page, 'a manifest line traced (dark)');
  assertEq(found.join('\n'), '', 'axe-core violations with the trace shown');
  await context.close();
});

await test('provenance, chart defaults: a ConfigMap entry lights up its own key; editing clears the trace', async () => {
  const { context, page } = await newPage();
  await open(page);
  const text = presetText('defaults');
  await page.click('[data-key="ConfigMap/ai-agent-connector"]');
  const [, t] = await hoverViewer(page, '"LOG_LEVEL": "INFO"');
  const want = [lineAfter(text, ['configmap:', '  data:', '    LOG_LEVEL:']), lineAfter(text, ['configmap:', '  enabled:'])];
  assertEq(JSON.stringify(sorted(t.editorLines)), JSON.stringify(sorted(want)), 'LOG_LEVEL lights up its key and configmap.enabled');
  traces.push({ file: PRESET_FILES.defaults, object: 'configmap', field: 'data.LOG_LEVEL', editorLines: sorted(t.editorLines) });
  await cursorAfter(page, 'LOG_LEVEL: INFO');
  await page.keyboard.type('X');
  await page.waitForFunction(() => window.__aac.trace().target == null && window.__aac.trace().editorLines.length === 0);
  assertEq(await page.locator('#trace').isHidden(), true, 'the panel goes with the trace');
  await context.close();
});

await test('provenance, a custom values file: a values key lights up the lines it affects', async () => {
  const { context, page } = await newPage();
  await open(page);
  const custom = 'podAnnotations:\n  team: payments\n  tier: backend\nreplicaCount: 2\nautoscaling:\n  enabled: false\n';
  await openValuesFile(page, 'custom.yaml', custom);
  await page.click('[data-key="Deployment/ai-agent-connector"]');
  await cursorOnLine(page, 2);
  let t = await traced(page, 'editor', 2);
  const shown = (await aac(page)).shown;
  assertEq(JSON.stringify(t.viewerLines), JSON.stringify([lineOf(shown, 'team: payments')]), 'team lights up its annotation');
  assertEq(JSON.stringify(t.objects.map((o) => `${o.kind}:${o.lines}`)), JSON.stringify(['Deployment:1']), 'only the Deployment');
  const [, back] = await hoverViewer(page, 'replicas: 2');
  assertEq(JSON.stringify(sorted(back.editorLines)), JSON.stringify([4, 6]), 'replicas lights up replicaCount and autoscaling.enabled');
  assert(back.panel.includes('your values, line 4'), `an opened file's lines are the user's: ${back.panel}`);
  traces.push({ file: 'custom.yaml', text: custom, object: 'deployment', field: 'spec.replicas', editorLines: sorted(back.editorLines) });
  await context.close();
});

await test('axe-core: no WCAG 2.1 AA, best-practice or label-in-name violations (light, dark, phone; errors, comparison, NOTES)', async () => {
  const found = [];
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await newPage({ colorScheme: scheme });
    await open(page);
    await page.waitForTimeout(300);
    found.push(...await axeViolations(page, `${scheme}, defaults`));
    await choose(page, 'production');
    await compareWith(page, 'defaults');
    found.push(...await axeViolations(page, `${scheme}, production compared with the defaults`));
    await page.selectOption('#compare', '');
    await page.click('[data-key="notes"]');
    found.push(...await axeViolations(page, `${scheme}, NOTES`));
    // An error and a warning: the problems list, the marked lines, the stale output.
    await cursorAfter(page, 'replicaCount: 3');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('x');
    await cursorAfter(page, 'tag: "1.0.0"');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(' ');
    await settled(page);
    await page.waitForFunction(() => window.__aac.lastOk === false && document.querySelector('.output.stale'));
    await page.click('[data-key="all"]');
    found.push(...await axeViolations(page, `${scheme}, an error (stale output)`));
    await context.close();
  }
  const { context, page } = await newPage({ viewport: { width: 390, height: 844 }, phone: true });
  await open(page);
  for (const tab of ['values', 'manifests', 'diagram', 'changes']) {
    await page.click(`#tab-${tab}`);
    if (tab === 'changes') await page.waitForFunction(() => window.__aac.diff() && window.__aac.diff().ready);
    await page.waitForTimeout(150);
    found.push(...await axeViolations(page, `phone, ${tab} tab`));
  }
  await context.close();
  assertEq(found.join('\n'), '', 'axe-core violations');
});

await test('asks for nothing but its own files; no errors in the console', async () => {
  assertEq(foreignRequests.length, 0, `requests elsewhere: ${foreignRequests.join(', ')}`);
  const own = new Set(['/', ...readdirSync(dist).map((f) => `/${f}`)]);
  const other = [...new Set(ownRequests)].filter((p) => !own.has(p));
  assert(ownRequests.some((p) => /^\/aac_wasm_bg-\w+\.wasm$/.test(p)), 'the wasm request was seen');
  assertEq(other.length, 0, `unexpected files requested: ${other.join(', ')}`);
  assertEq(pageErrors.length, 0, pageErrors.join('\n'));
});

await browser.close();
await server.close();

// ---- measurements ---------------------------------------------------------------------

const wasm = readFileSync(join(dist, readdirSync(dist).find((f) => /^aac_wasm_bg-\w+\.wasm$/.test(f))));
measurements.wasmBytes = wasm.length;
measurements.wasmGzipBytes = gzipSync(wasm, { level: 9 }).length;
const jsFiles = readdirSync(dist).filter((f) => f.endsWith('.js'));
measurements.brotliBytes = readdirSync(dist).filter((f) => f.endsWith('.br')).reduce((n, f) => n + statSync(join(dist, f)).size, 0);
measurements.jsGzipBytes = jsFiles.reduce((n, f) => n + gzipSync(readFileSync(join(dist, f)), { level: 9 }).length, 0);
measurements.distBytes = readdirSync(dist).filter((f) => !/\.(br|gz)$/.test(f)).reduce((n, f) => n + statSync(join(dist, f)).size, 0);

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log('measurements:');
console.log(`  wasm size                       ${kb(measurements.wasmBytes)} raw, ${kb(measurements.wasmGzipBytes)} gzip (target < 300 KB gzip)`);
console.log(`  JS (page, CodeMirror, worker)   ${kb(measurements.jsGzipBytes)} gzip`);
console.log(`  navigation to first manifests   median ${measurements.firstRenderMedianMs} ms of ${JSON.stringify(measurements.firstRenderMs)} (target <= 200 ms; wasm ready at ${measurements.wasmReadyMedianMs} ms, editor at ${measurements.editorReadyMedianMs} ms)`);
console.log(`  keystroke to preview            median ${measurements.keystrokeMedianMs} ms, p90 ${measurements.keystrokeP90Ms} ms, max ${measurements.keystrokeMaxMs} ms (production values; target < 16 ms)`);
console.log(`  keystroke to painted preview    median ${measurements.keystrokePaintMedianMs} ms, p90 ${measurements.keystrokePaintP90Ms} ms (the next animation frame after the preview changed; production values)`);
console.log(`    baseline, same run             median ${measurements.keyFrameMedianMs} ms, p90 ${measurements.keyFrameP90Ms} ms (an arrow key, which renders nothing, to the next animation frame)`);
console.log(`    of which                       render ${measurements.keystrokeRenderMedianMs} ms (on the page, target < 3 ms), JSON.parse and showing ${measurements.keystrokeShowMedianMs} ms (medians)`);
console.log(`  keystroke, 1 MB of values       median ${measurements.bigKeystrokeMedianMs} ms, p90 ${measurements.bigKeystrokeP90Ms} ms (${kb(measurements.bigValuesBytes)} ConfigMap of 14,000 keys; target <= 50 ms)`);
console.log(`    of which                       render ${measurements.bigRenderMedianMs} ms in the worker (with its ${kb(measurements.bigAnswerBytes)} JSON answer), ${measurements.bigWaitMedianMs} ms until the page took the answer, JSON.parse and showing ${measurements.bigShowMedianMs} ms (medians)`);

writeFileSync(join(out, 'results.json'), JSON.stringify({ results, measurements, downloads, comparisons, traces }, null, 2));
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
