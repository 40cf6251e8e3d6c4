// The hostile inputs of issue 6 through the browser build: each values file of
// tests/src/hostile.rs opened in the playground as a user opens one ("Open
// file…", the page's file picker), two of them pasted into the editor as well.
// Each must be refused with a clear message (or, for duplicate keys, rendered
// with a warning), within seconds and bounded memory, and lose nothing: a refused
// file leaves the editor as it was; values that do not render leave the last good
// manifests on screen, marked stale, and nothing to download.
//
//   node web/tests/hostile.mjs INPUTS OUT
//
// INPUTS is what the `hostile-inputs` binary writes (cases.tsv and the files).
// Writes OUT/hostile.json (per input: the answer the page showed, whether it is
// what the issue asks for, seconds, memory) and OUT/hostile.tsv (the browser
// column of docs/hostile-input.md, for scripts/hostile-table.sh --browser).
// Memory: the peak resident memory of the tab's renderer process (VmHWM, which
// holds the page and its worker) and the worker's WebAssembly memory (aac-core's
// heap; it never shrinks, so it is its peak). Exits 1 when an input fails.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { aac, launchChromium, openPlayground, settled } from './harness.mjs';

const [inputs, outArg] = process.argv.slice(2);
if (!inputs || !outArg) {
  console.error('usage: node web/tests/hostile.mjs INPUTS OUT');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const dist = resolve(here, '../dist');
const out = resolve(outArg);
mkdirSync(out, { recursive: true });

// The answer must come within this (aac's own --timeout).
const TIME_LIMIT_S = 10;
// The renderer's WebAssembly memory may not grow past this (aac's --max-memory).
const WASM_LIMIT_MIB = 256;

const cases = readFileSync(join(inputs, 'cases.tsv'), 'utf8').split('\n').filter(Boolean).map((line) => {
  const [name, what, render] = line.split('\t');
  return { name, what, expect: render, file: join(inputs, `${name}.values.yaml`) };
}).filter((c) => c.expect !== '-' && existsSync(c.file));

const server = await serve(dist);
const browser = await launchChromium();
const cdp = await browser.newBrowserCDPSession();

async function rendererPids() {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

function peakKiB(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

// What the page shows after the input: the notice of a refused file or paste,
// the problems of the values in the editor, and the state of the output.
const shown = (page) => page.evaluate(() => {
  const $ = (id) => document.getElementById(id);
  return {
    notice: $('notice').hidden ? [] : [...$('notice-list').children].map((li) => li.textContent),
    problems: [...document.querySelectorAll('#problem-list .problem')].map((b) => ({
      severity: b.classList.contains('warning') ? 'warning' : 'error',
      // The page writes "warning: " before a warning's message.
      text: `${b.querySelector('.path').textContent}: ${b.querySelector('.message').textContent.replace(/^warning: /, '')}`,
    })),
    stale: !!document.querySelector('.output.stale'),
    downloadDisabled: $('download').disabled,
    status: $('status').textContent,
  };
});

/**
 * One input on a fresh tab: `act(page)` delivers it; then waits until the page
 * has answered (the file refused, or opened and rendered) and judges the answer.
 */
async function run(c, how, act) {
  const before = new Set(await rendererPids());
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await openPlayground(page, server.url);
  const pids = (await rendererPids()).filter((p) => !before.has(p));
  await settled(page);
  const start = await aac(page);

  const t0 = performance.now();
  let seconds;
  let verdict;
  try {
    await act(page);
    // Answered: a file or paste refused (nothing else happens), or the new text
    // rendered (or refused) and shown.
    await page.waitForFunction((s) => {
      const a = window.__aac;
      if (a.opens.length > s.opens) return !a.opens[a.opens.length - 1].ok ? true : a.idle() && a.renders > s.renders;
      return a.state().values !== s.values && a.idle() && a.renders > s.renders;
    }, { opens: start.opens.length, renders: start.renders, values: start.state.values }, { timeout: 60000, polling: 20 });
    seconds = (performance.now() - t0) / 1000;
    verdict = judge(c, await aac(page), start, await shown(page));
  } catch (e) {
    seconds = (performance.now() - t0) / 1000;
    verdict = { ok: false, answer: '', texts: [], why: `no answer: ${e.message.split('\n')[0]}` };
  }
  const after = await aac(page).catch(() => ({ wasmMemoryBytes: 0 }));
  const peak = Math.max(0, ...pids.map(peakKiB));
  await context.close();

  const wasmMiB = after.wasmMemoryBytes / 1048576;
  const problems = [...pageErrors.map((e) => `page error: ${e}`)];
  if (!verdict.ok) problems.push(verdict.why);
  if (seconds > TIME_LIMIT_S) problems.push(`answered after ${seconds.toFixed(1)} s (limit ${TIME_LIMIT_S} s)`);
  if (wasmMiB > WASM_LIMIT_MIB) problems.push(`WebAssembly memory grew to ${wasmMiB.toFixed(0)} MiB (limit ${WASM_LIMIT_MIB})`);
  const result = {
    name: c.name, how, expect: c.expect, ok: problems.length === 0, problems, answer: verdict.answer, texts: verdict.texts,
    seconds: Number(seconds.toFixed(3)), rendererPeakMiB: Math.round(peak / 1024), wasmMemoryMiB: Number(wasmMiB.toFixed(1)),
  };
  console.log(`${result.ok ? 'ok  ' : 'FAIL'} ${c.name} (${how}): ${result.answer || result.problems.join('; ')} [${result.seconds} s, renderer ${result.rendererPeakMiB} MiB, wasm ${result.wasmMemoryMiB} MiB]`);
  return result;
}

/** Is what the page shows what the issue asks for? */
function judge(c, after, start, page) {
  const refusedAtOpen = after.opens.length > start.opens.length && !after.opens[after.opens.length - 1].ok;
  const errors = refusedAtOpen ? page.notice : page.problems.filter((p) => p.severity === 'error').map((p) => p.text);
  const warnings = page.problems.filter((p) => p.severity === 'warning').map((p) => p.text);
  const texts = [...errors, ...warnings];
  const [kind, want] = [c.expect.slice(0, c.expect.indexOf(':')), c.expect.slice(c.expect.indexOf(':') + 1)];
  const answer = errors[0] || (after.lastOk ? `rendered; ${warnings[0] ? `warns: ${warnings[0]}` : 'no warning'}` : '');
  const fail = (why) => ({ ok: false, answer, texts, why });
  if (kind === 'refused') {
    if (!errors.some((t) => t.includes(want))) return fail(`no error says "${want}": ${JSON.stringify(texts).slice(0, 400)}`);
    if (refusedAtOpen) {
      // Nothing changed: the editor and the manifests are what they were.
      if (after.state.values !== start.state.values) return fail('the refused file changed the editor');
      if (after.shown !== start.shown || page.stale) return fail('the refused file changed the output');
    } else {
      if (after.lastOk) return fail('the values rendered');
      if (!page.stale || !page.downloadDisabled) return fail('the last good output is not kept as stale, or a download is offered');
      if (after.shown !== start.shown) return fail('the output changed');
    }
    return { ok: true, answer, texts };
  }
  if (kind === 'warns') {
    if (!after.lastOk) return fail('the values did not render');
    if (!warnings.some((t) => t.includes(want))) return fail(`no warning says "${want}"`);
    return { ok: true, answer, texts };
  }
  return fail(`unknown expectation ${c.expect}`);
}

const openFile = (c) => (page) => page.setInputFiles('#file-input', c.file);
const paste = (text) => async (page) => {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.click('#editor .cm-content');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Control+v');
};

const results = [];
for (const c of cases) results.push(await run(c, 'opened', openFile(c)));
// Pasted: a typical bomb, and 60 MB of text (made in the page, not sent over CDP).
const bomb = cases.find((c) => c.name === 'alias-bomb');
if (bomb) results.push(await run(bomb, 'pasted', paste(readFileSync(bomb.file, 'utf8'))));
const huge = cases.find((c) => c.name === 'huge-60mb');
if (huge) {
  results.push(await run(huge, 'pasted', async (page) => {
    await page.evaluate(() => navigator.clipboard.writeText(`configmap:\n  data:\n    BIG: "${'x'.repeat(60000000)}"\n`));
    await page.click('#editor .cm-content');
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Control+v');
  }));
}

await browser.close();
await server.close();

writeFileSync(join(out, 'hostile.json'), JSON.stringify(results, null, 2));
// One row per input for the table: every way it was delivered in one cell.
const rows = new Map();
for (const r of results) {
  const cell = `${r.ok ? '✅' : '❌'} ${r.how}: \`${r.answer.replace(/`/g, "'")}\``;
  const row = rows.get(r.name) || { cells: [], seconds: 0, peak: 0, wasm: 0 };
  row.cells.push(cell);
  row.seconds = Math.max(row.seconds, r.seconds);
  row.peak = Math.max(row.peak, r.rendererPeakMiB);
  row.wasm = Math.max(row.wasm, r.wasmMemoryMiB);
  rows.set(r.name, row);
}
writeFileSync(join(out, 'hostile.tsv'), [
  '# name\tanswer\tseconds\trenderer peak MiB\twasm memory MiB',
  ...[...rows].map(([name, r]) => [name, r.cells.join('<br>'), r.seconds.toFixed(2), r.peak, r.wasm.toFixed(0)].join('\t')),
].join('\n') + '\n');
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
