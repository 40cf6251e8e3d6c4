// The playground page: the values editor, the release fields and presets, and
// the output (object list, viewer, diagram, problems). Rendering happens in a
// worker (worker.js); this thread only edits and shows. Values files opened or
// dropped are read by the worker too; a worker that traps or takes over 10 s is
// replaced, and nothing typed is lost.
//
// CodeMirror (editor.js) is a chunk of its own, loaded in parallel: the first
// manifests show in plain text as soon as the worker has them, and the editor
// and viewer take over when CodeMirror arrives.

import { drawDiagram } from './diagram.js';
import { fixFor } from './fixes.js';
import { initialState, saveLocal, encodeHash, decodeHash } from './state.js';
import DEVELOPMENT from '../../helm/ai-agent-connector/values-development.yaml';
import PRODUCTION from '../../helm/ai-agent-connector/values-production.yaml';

// The chart's values.yaml comes from the renderer (chartInfo's defaultValues): the
// page carries no second copy of it. A new visitor's editor starts from it.
const PRESETS = { defaults: null, development: DEVELOPMENT, production: PRODUCTION };
const FALLBACK = { values: null, preset: 'defaults', release: 'ai-agent-connector', namespace: 'default' };

// Measurements the end-to-end tests read (and anyone curious, from the console):
// times since navigation of the first manifests, the renderer's readiness and the
// editor's; each keystroke's time to its updated preview; renders applied.
// Also: the files opened (or refused), and the renderer's WebAssembly memory.
const stats = {
  firstRenderMs: null, wasmReadyMs: null, editorMs: null, keystrokeMs: [], renders: 0, lastOk: null,
  // Key to the next animation frame: after the preview changed (keystrokePaintMs), and
  // for arrow keys, which render nothing (keyFrameMs: the baseline of the same path).
  keystrokePaintMs: [], keyFrameMs: [],
  // Where each shown render's time went (showRendered).
  phases: [], inlineReady: false,
  opens: [], wasmMemoryBytes: 0, workerStarts: 0,
};
window.__aac = stats;

const $ = (id) => document.getElementById(id);

// ---- the worker: started first, so the wasm loads while the page sets up ----

let worker = null;
let workerReady = false;
let inFlight = null; // the render the worker is on
let queued = null; // the newest render waiting for it
const opening = new Map(); // id -> {name, file}: files being opened (or pastes being checked)
let nextId = 1;
let pendingKeyTime = null; // the first keystroke not yet sent to the worker
const keyTimes = new Map(); // request id -> keystroke time
let valuesLimit = 0; // the largest values text the core reads (from the worker)
let defaultsKnown;
const defaultValues = new Promise((resolve) => { defaultsKnown = resolve; }); // values.yaml, once the worker says
// Comparing (see "compare" below): the baseline renders in flight, the last one, what to compare with.
const baselines = new Map(); // request id -> baseline key, while the worker renders it
const baseline = { key: null, result: null, pendingKey: null };
let compareWith = '';
let diffModule = null; // diff.js, loaded when a comparison is first asked for
let diffLoading = null;
let linkState = null; // the state of the link the page was opened from (or last opened)
let lastOpenedText = null; // the text of the last file or link opened

// The longest the worker may take on one request, as `aac --timeout`: aac-core
// answers any input in milliseconds (it refuses what would take longer), so only
// a bug gets here; the worker is then stopped and a fresh one takes over.
const TIME_LIMIT_MS = 10000;
const watchdogs = new Map(); // request id -> timer, armed once the worker is ready

function startWorker() {
  // The first worker was started by boot.js, before this module loaded.
  worker = window.aacWorker || window.aacStartWorker();
  workerReady = false;
  stats.workerStarts++;
  const early = window.aacEarly || [];
  window.aacWorker = null;
  window.aacEarly = null;
  worker.onmessage = (e) => onWorkerMessage(e.data);
  worker.onerror = (e) => fatal(`the renderer failed to start: ${e.message || 'unknown error'}`);
  queueMicrotask(() => early.forEach(onWorkerMessage));
}
// Provenance, both ways (trace.js): loaded, and asked of the worker, only when the
// user first points at a line (a first visit loads neither it nor the module that
// answers it).
let tracer = null;
let tracerLoading = null;
const tracerPage = {
  request(values, release, namespace) {
    const id = nextId++;
    post(id, { type: 'explain', values, release, namespace });
    return id;
  },
  current: () => ({ ...state, namespace: state.namespace || 'default', presetText: PRESETS[state.preset] }),
  result: () => lastGood,
  selection: () => selection,
  editor: () => editor,
  viewer: () => viewer,
  cm: () => cm,
  panel: $('trace'),
  showObject: (kind, name) => select({ type: 'object', kind, name }, false),
};
/** The user points at `line` of the editor or the viewer (null: the mouse left). */
function pointAt(side, line, how) {
  if (tracer || line == null) {
    tracer?.point(side, line, how);
    return;
  }
  tracerLoading ||= import('./trace.js').then((m) => {
    tracer = m.createTracer(tracerPage);
    return tracer;
  }, (e) => { tracerLoading = null; console.warn(`provenance did not load: ${e.message || e}`); });
  tracerLoading.then((t) => t?.point(side, line, how));
}
stats.trace = () => (tracer ? tracer.state() : { target: null, fresh: false, pending: false, editorLines: [], viewerLines: [], objects: [], causes: [], additions: [], panel: '' });

startWorker();

function watch(id) {
  if (workerReady && !watchdogs.has(id)) {
    watchdogs.set(id, setTimeout(() => restartWorker(id, `took more than ${TIME_LIMIT_MS / 1000} s and was stopped`), TIME_LIMIT_MS));
  }
}
function unwatch(id) {
  clearTimeout(watchdogs.get(id));
  watchdogs.delete(id);
}

function send(req) {
  inFlight = req;
  worker.postMessage(req);
  watch(req.id);
}

function post(id, message) {
  worker.postMessage({ ...message, id });
  watch(id);
}

/**
 * A fresh worker when the current one trapped or ran out of time on request
 * `culprit`: that request is answered with the problem (the values stay in the
 * editor), every other one is sent to the new worker.
 */
function restartWorker(culprit, what) {
  worker.terminate();
  [...watchdogs.keys()].forEach(unwatch);
  startWorker();
  tracer?.restarted();
  for (const [id, o] of opening) {
    if (id !== culprit) post(id, o.file ? { type: 'open', file: o.file } : { type: 'check', name: o.name, size: o.size });
  }
  const message = `the renderer ${what} (a bug in aac-core, please report it); a fresh renderer took over and your values are kept`;
  if (baselines.has(culprit)) {
    baselineRendered(culprit, { ok: false, errors: [{ kind: 'internal', severity: 'error', path: '', message }] });
  }
  baselines.clear();
  baseline.pendingKey = null;
  if (opening.has(culprit)) {
    const o = opening.get(culprit);
    opening.delete(culprit);
    showNotice(`${o.name} was not opened: the editor is unchanged.`, [{ kind: 'internal', severity: 'error', path: '', message }]);
  }
  const req = inFlight;
  inFlight = null;
  if (req && req.id !== culprit) {
    send(req);
    return;
  }
  if (queued) {
    const next = queued;
    queued = null;
    send(next);
  }
  if (req) {
    showResult({ ok: false, crashed: true, errors: [{ kind: 'internal', severity: 'error', path: '', message: `on these values, ${message}` }] });
    stats.lastOk = false;
    stats.renders++;
  }
  if (compareWith) updateChanges();
}

// ---- rendering on this thread, for typing --------------------------------------
// The worker's answer to a keystroke waits for the keystroke's own frame (the
// browser paints after input before it runs other tasks), so the preview showed a
// frame late. A keystroke in small values, when the last render was quick, is
// rendered here instead, by a second instance of the same module, in the
// keystroke's task: its preview is in the keystroke's frame. Everything else
// (pastes, files, presets, large values, a slow last render) goes to the worker,
// which a watchdog can stop; so does a keystroke while the worker is busy, so
// that answers stay in order. After a trap this instance is dropped for good.
const INLINE_MAX_BYTES = 64 * 1024;
const INLINE_MAX_MS = 8;
let inline = null; // the module's exports on this thread, once loaded
let inlineLoading = null;
let lastRenderMs = Infinity;
function loadInline() {
  inlineLoading ||= Promise.all([window.aacModule, import('../pkg/aac_wasm.js')])
    .then(async ([module, glue]) => {
      if (!module) return; // the page could not compile it: the worker does everything
      await glue.default({ module_or_path: module });
      inline = glue;
      stats.inlineReady = true;
    })
    .catch((e) => console.warn(`rendering on the page is off: ${e.message || e}`));
}

// A keystroke's edit reaches changed() inside the editor's own update: the render
// (which marks problems in the editor) runs just after it, in a microtask, still
// before the keystroke's frame. Edits of the same task render once, the last.
let inlineNext = null;
function renderInlineSoon(req) {
  if (inlineNext) {
    // Superseded: its keystroke's time goes to the render that shows it.
    if (keyTimes.has(inlineNext.id) && !keyTimes.has(req.id)) keyTimes.set(req.id, keyTimes.get(inlineNext.id));
    keyTimes.delete(inlineNext.id);
  } else {
    queueMicrotask(() => {
      const next = inlineNext;
      inlineNext = null;
      renderInline(next);
    });
  }
  inlineNext = req;
}

function renderInline(req) {
  const t0 = performance.now();
  let json;
  try {
    json = inline.render(req.values, req.release, req.namespace);
  } catch (e) {
    inline = null;
    console.warn(`rendering on the page trapped (${e.message || e}); the worker renders from now on`);
    // The worker renders it, unless it already has newer values to render.
    if (inFlight || queued) keyTimes.delete(req.id);
    else send(req);
    return;
  }
  const ms = performance.now() - t0;
  showRendered({ id: req.id, ms, json }, 'page');
}

function requestRender(typed = false) {
  const req = { type: 'render', id: nextId++, values: state.values, release: state.release, namespace: state.namespace || 'default' };
  if (pendingKeyTime != null) {
    keyTimes.set(req.id, pendingKeyTime);
    pendingKeyTime = null;
  }
  if (typed && inline && !inFlight && !queued && lastRenderMs <= INLINE_MAX_MS && req.values.length <= INLINE_MAX_BYTES) renderInlineSoon(req);
  else if (inFlight) queued = req;
  else send(req);
}

function onWorkerMessage(msg) {
  if (msg.type === 'ready') {
    if (stats.wasmReadyMs == null) stats.wasmReadyMs = msg.at - performance.timeOrigin;
    workerReady = true;
    if (inFlight) watch(inFlight.id);
    for (const id of opening.keys()) watch(id);
    const c = msg.chart;
    valuesLimit = c.valuesLimitBytes;
    if (typeof c.defaultValues === 'string') {
      PRESETS.defaults = c.defaultValues;
      defaultsKnown(c.defaultValues);
    }
    $('chart-info').textContent = `chart ${c.name} ${c.version} · app ${c.appVersion} · rendered in your browser by aac-core (WebAssembly)`;
    return;
  }
  if (msg.type === 'failed') {
    fatal(`the renderer failed to load: ${msg.message}`);
    defaultsKnown(''); // nothing to start from: an empty editor, not a stuck page
    return;
  }
  unwatch(msg.id);
  if (msg.type === 'crashed') {
    restartWorker(msg.id, `crashed (${msg.message})`);
    return;
  }
  stats.wasmMemoryBytes = msg.memoryBytes;
  if (msg.type === 'explained') {
    tracer?.received(msg.id, JSON.parse(msg.json));
    return;
  }
  if (baselines.has(msg.id)) {
    baselineRendered(msg.id, JSON.parse(msg.json));
    return;
  }
  if (msg.type === 'opened') {
    opened(msg);
    return;
  }
  inFlight = null;
  if (queued) {
    const next = queued;
    queued = null;
    send(next);
  }
  showRendered(msg, 'worker');
}

/** A render's answer ({id, ms, json}) from the worker or from this thread. */
function showRendered(msg, where) {
  const t1 = performance.now();
  const result = JSON.parse(msg.json);
  const t2 = performance.now();
  result.ms = msg.ms;
  lastRenderMs = msg.ms;
  showResult(result);
  const t3 = performance.now();
  // Where the time went: the render (and its JSON), the wait for the worker's
  // answer to be handled here, JSON.parse and showResult.
  stats.phases.push({ where, render: msg.ms, wait: msg.at ? t1 + performance.timeOrigin - msg.at : 0, parse: t2 - t1, show: t3 - t2, bytes: msg.json.length });
  if (stats.phases.length > 1000) stats.phases.shift();
  const t = keyTimes.get(msg.id);
  if (t != null) {
    keyTimes.delete(msg.id);
    stats.keystrokeMs.push(performance.now() - t);
    if (stats.keystrokeMs.length > 1000) stats.keystrokeMs.shift();
    requestAnimationFrame((frame) => {
      stats.keystrokePaintMs.push(frame - t);
      if (stats.keystrokePaintMs.length > 1000) stats.keystrokePaintMs.shift();
    });
  }
  if (stats.firstRenderMs == null) {
    stats.firstRenderMs = performance.now();
    performance.mark('aac-first-render');
    loadEditor();
    setTimeout(loadInline, 400);
  }
  stats.lastOk = !!result.ok;
  stats.renders++;
  if (compareWith) updateChanges();
}

function fatal(message) {
  $('status').textContent = message;
  $('chart-info').textContent = 'the renderer is not available';
  showProblems([{ kind: 'internal', severity: 'error', path: '', message }]);
}

// ---- state ----------------------------------------------------------------------

// CodeMirror: index.html preloads its chunk; it is evaluated once the first
// manifests are on screen (or after 400 ms), so it never delays them.
let loadEditor;
const editorModule = new Promise((resolve) => { loadEditor = resolve; }).then(() => import('./editor.js'));
setTimeout(() => loadEditor(), 400);
const { state, source } = await initialState(FALLBACK);
// A new visitor starts from the chart's values.yaml, which the renderer holds.
if (state.values == null) state.values = await defaultValues;
requestRender(); // at once: the worker renders while the page sets up
let lastGood = null;
let selection = { type: 'object', kind: 'Deployment', name: null };


// Until CodeMirror is here, the values and the manifests show as plain text.
let cm = null; // the editor module
let editor = null;
let viewer = null;
let viewerText = '';
const plainEditor = document.createElement('pre');
plainEditor.className = 'plain';
plainEditor.textContent = state.values;
$('editor').append(plainEditor);
const plainViewer = document.createElement('pre');
plainViewer.className = 'plain';
$('viewer').append(plainViewer);

// Read-only views for the tests: what the editor holds and what the viewer shows.
stats.state = () => ({ ...state });
stats.idle = () => !inFlight && !queued && !inlineNext; // every edit rendered and shown
stats.shown = () => viewerText;

// The time of the keystroke that starts an edit (the event's own timestamp, so
// the measurement covers the whole path from the key to the updated preview).
let lastKeyDown = null;

editorModule.then((module) => {
  cm = module;
  plainEditor.remove();
  editor = cm.createValuesEditor($('editor'), state.values, (text) => {
    state.values = text;
    changed();
  }, { onPaste: refuseLargePaste, onDropFiles: openFiles, onTraceLine: (line, how) => pointAt('editor', line, how) });
  editor.contentDOM.addEventListener('keydown', (e) => {
    lastKeyDown = e.timeStamp;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const t = e.timeStamp;
      requestAnimationFrame((frame) => {
        stats.keyFrameMs.push(frame - t);
        if (stats.keyFrameMs.length > 1000) stats.keyFrameMs.shift();
      });
    }
  }, true);
  plainViewer.remove();
  viewer = cm.createViewer($('viewer'), { onTraceLine: (line, how) => pointAt('viewer', line, how) });
  cm.setViewerText(viewer, viewerText, true);
  marksShown = null;
  markEditor(lastMarks);
  stats.editorMs = performance.now();
  document.body.classList.add('editor-ready');
}, (e) => fatal(`the editor failed to load: ${e.message || e}`));

let hashTimer = null;
function changed() {
  const now = performance.now();
  const typed = lastKeyDown != null && now - lastKeyDown < 200;
  if (pendingKeyTime == null) pendingKeyTime = typed ? lastKeyDown : now;
  lastKeyDown = null;
  requestRender(typed);
  tracer?.edited();
  updatePresetButtons();
  // Saved a moment later (off the keystroke's path), and at once when the page goes away.
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, 150);
  clearTimeout(hashTimer);
  hashTimer = setTimeout(updateHash, 400);
}

let saveTimer = null;
function saveNow() {
  clearTimeout(saveTimer);
  saveLocal(state, location.hash);
}
addEventListener('pagehide', saveNow);
addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') saveNow(); });

async function updateHash() {
  const hash = await encodeHash(state);
  if (hash !== location.hash) history.replaceState(null, '', hash);
  clearTimeout(saveTimer);
  saveLocal(state, hash);
  return hash;
}

// ---- presets and release fields -------------------------------------------------

const presetButtons = [...document.querySelectorAll('[data-preset]')];
function updatePresetButtons() {
  for (const b of presetButtons) {
    const on = b.dataset.preset === state.preset;
    setIfChanged(b, 'aria-checked', String(on));
    const tab = on || (!PRESETS[state.preset] && b === presetButtons[0]) ? 0 : -1;
    if (b.tabIndex !== tab) b.tabIndex = tab;
  }
  const hidden = !(PRESETS[state.preset] && PRESETS[state.preset] !== state.values);
  if ($('edited').hidden !== hidden) $('edited').hidden = hidden;
}
/** Puts `text` in the editor as one undoable edit. */
function loadText(text, preset) {
  state.preset = preset;
  if (editor) {
    cm.replaceText(editor, text); // runs changed() through the editor's listener
  } else {
    state.values = text;
    plainEditor.textContent = text;
    changed();
  }
  updatePresetButtons();
}

function choosePreset(name) {
  if (state.preset === name && state.values === PRESETS[name]) return;
  const hadEdits = PRESETS[state.preset] !== state.values;
  loadText(PRESETS[name], name);
  if (hadEdits) toast('Preset loaded. Undo (Ctrl+Z) in the editor brings back your edits.');
}
presetButtons.forEach((b, i) => {
  b.addEventListener('click', () => choosePreset(b.dataset.preset));
  b.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = presetButtons[(i + step + presetButtons.length) % presetButtons.length];
    next.focus();
    choosePreset(next.dataset.preset);
  });
});

const releaseInput = $('release');
const namespaceInput = $('namespace');
releaseInput.value = state.release;
namespaceInput.value = state.namespace;
namespaceInput.placeholder = 'default';
releaseInput.addEventListener('input', () => { state.release = releaseInput.value; changed(); });
namespaceInput.addEventListener('input', () => { state.namespace = namespaceInput.value; changed(); });
updatePresetButtons();

// ---- opening values files ---------------------------------------------------------
// A file chosen with "Open file…" or dropped on the editor is read by the worker
// (aac-core refuses it when it is too large, before reading it, or not UTF-8, as
// Helm does), then replaces the editor's text as one undoable edit. A refused file
// changes nothing: the notice says why.

function openFiles(files) {
  if (!files || files.length === 0) return;
  const file = files[0];
  const id = nextId++;
  opening.set(id, { name: file.name, file, t0: performance.now() });
  post(id, { type: 'open', file });
  if (files.length > 1) toast(`Opening ${file.name} (one values file at a time)`);
}

/** Refuses a paste too large for the core (true: taken, not inserted). */
function refuseLargePaste(text) {
  // UTF-8 takes at most three bytes per UTF-16 unit: most pastes need no count.
  if (!valuesLimit || text.length * 3 <= valuesLimit) return false;
  const size = new Blob([text]).size;
  if (size <= valuesLimit) return false;
  const id = nextId++;
  opening.set(id, { name: 'the pasted text', size, t0: performance.now() });
  post(id, { type: 'check', name: 'the pasted text', size });
  return true;
}

function opened(msg) {
  const o = opening.get(msg.id);
  if (!o) return;
  opening.delete(msg.id);
  const result = JSON.parse(msg.json);
  stats.opens.push({ name: o.name, ok: !!result.ok, ms: performance.now() - o.t0 });
  if (!result.ok) {
    const what = o.file ? `${o.name} was not opened` : 'The text was not pasted';
    showNotice(`${what}: the editor is unchanged.`, result.errors);
    return;
  }
  if (!o.file) return; // a paste the core accepts after all: nothing to replace
  hideNotice();
  lastOpenedText = result.text;
  loadText(result.text, 'custom');
  toast(`Opened ${o.name}. Undo (Ctrl+Z) in the editor brings back the values before it.`);
}

function showNotice(text, problems) {
  setText($('notice-text'), text);
  $('notice-list').replaceChildren(...problems.map((p) => {
    const li = document.createElement('li');
    li.textContent = p.file ? `${place(p)}: ${p.message}` : p.message;
    return li;
  }));
  $('notice').hidden = false;
}
function hideNotice() {
  $('notice').hidden = true;
}
$('notice-close').addEventListener('click', hideNotice);

const fileInput = $('file-input');
$('open-file').addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', () => {
  openFiles(fileInput.files);
  fileInput.value = ''; // the same file again is a new choice
});
// Before CodeMirror is here (its own handler takes drops after), and around it.
$('editor').addEventListener('dragover', (e) => {
  if (e.dataTransfer && [...e.dataTransfer.types].includes('Files')) e.preventDefault();
});
$('editor').addEventListener('drop', (e) => {
  if (editor || !e.dataTransfer || e.dataTransfer.files.length === 0) return;
  e.preventDefault();
  openFiles(e.dataTransfer.files);
});

// ---- output -----------------------------------------------------------------------

const objectKey = (d) => `${d.kind}/${d.name}`;

function showResult(result) {
  const output = document.querySelector('.output');
  if (result.ok) {
    lastGood = result;
    if (output.classList.contains('stale')) output.classList.remove('stale');
    const n = result.documents.length;
    setText($('status'), `${n} object${n === 1 ? '' : 's'} · rendered in ${result.ms.toFixed(1)} ms`);
    showProblems(result.warnings);
    markEditor(result.warnings);
    renderOutput();
  } else {
    output.classList.toggle('stale', !!lastGood);
    const n = result.errors.filter((e) => e.severity === 'error').length;
    $('status').textContent = lastGood
      ? `${n} error${n === 1 ? '' : 's'}: showing the last valid output (stale)`
      : `${n} error${n === 1 ? '' : 's'}: nothing rendered yet`;
    showProblems(result.errors);
    markEditor(result.errors);
  }
  const releaseErrors = (result.ok ? [] : result.errors).filter((e) => e.kind === 'release');
  setIfChanged(releaseInput, 'aria-invalid', String(releaseErrors.length > 0));
  setText($('release-error'), releaseErrors.length ? 'not a valid release name (see problems)' : '');
  const download = $('download');
  if (download.disabled !== !result.ok) {
    download.disabled = !result.ok;
    download.title = result.ok ? 'Download every manifest as one YAML file' : 'Fix the errors first: the download is what the current values render';
  }
  if ($('copy').disabled !== !lastGood) $('copy').disabled = !lastGood;
}

// DOM writes only when something changes: every write costs style and layout work.
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
function setIfChanged(node, attr, value) {
  if (node.getAttribute(attr) !== value) node.setAttribute(attr, value);
}

// The core's errors and warnings are the renderer protocol's messages
// (wasm/src/protocol.rs `Message`: {severity, kind, path, message, file, line,
// column, text}). One about the editor's text names the editor's file
// (wasm/src/browser.rs EDITOR_SOURCE); `line` is then the editor's line.
const EDITOR_SOURCE = 'playground-values.yaml';
const inEditor = (p) => p.file === EDITOR_SOURCE && p.line > 0;
const place = (p) => (p.line ? `${p.file}:${p.line}:${p.column}` : p.file);
const label = (p) => p.path || (p.kind === 'release' ? 'release name' : p.kind === 'input' ? (inEditor(p) ? 'YAML' : 'file') : p.kind);

let problemsShown = null;
// Marks on the editor, skipped when nothing changed (no editor update per keystroke).
let marksShown = '[]';
let lastMarks = [];
function markEditor(problems) {
  const marked = problems.filter(inEditor);
  lastMarks = marked;
  if (!editor) return;
  const signature = JSON.stringify(marked.map((p) => [p.line, p.column, p.severity, p.path, p.message]));
  if (signature === marksShown) return;
  marksShown = signature;
  cm.markProblems(editor, marked.map(withFix));
}

// ---- fixes the schema suggests ("did you mean"), one click each ------------------

/** The problem with `fix: {label, apply}` when the core's message suggests one. */
function withFix(p) {
  const f = inEditor(p) && fixFor(p, state.values);
  return f ? { ...p, fix: { label: f.label, apply: () => applyFix(f) } } : p;
}

function applyFix(f) {
  if (editor) {
    cm.replaceInLine(editor, f.line, f.from, f.to, f.insert);
    return;
  }
  const lines = state.values.split('\n');
  const line = lines[f.line - 1];
  lines[f.line - 1] = line.slice(0, f.from) + f.insert + line.slice(f.to);
  state.values = lines.join('\n');
  plainEditor.textContent = state.values;
  changed();
}

// Completion and hover docs from the schema: loaded when the editor is first used.
let schemaLoading = null;
function loadSchemaSupport() {
  if (schemaLoading || !editor) return;
  schemaLoading = import('./schema-support.js').then((m) => {
    cm.enableSchemaSupport(editor, m.schemaSupport);
    stats.schemaReady = true;
  }, (e) => { schemaLoading = null; console.warn(`schema support did not load: ${e.message || e}`); });
}
$('editor').addEventListener('focusin', loadSchemaSupport);
$('editor').addEventListener('pointerdown', loadSchemaSupport);

function showProblems(problems) {
  const signature = JSON.stringify(problems.map((p) => [p, withFix(p).fix?.label]));
  if (signature === problemsShown) return;
  problemsShown = signature;
  const box = $('problems');
  const list = $('problem-list');
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  box.classList.toggle('has-errors', errors > 0);
  box.classList.toggle('has-warnings', errors === 0 && warnings > 0);
  const parts = [];
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  $('problems-title').textContent = parts.length ? parts.join(', ') : 'No problems';
  list.replaceChildren(...problems.map((p) => {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `problem ${p.severity}`;
    b.dataset.path = p.path;
    if (inEditor(p)) b.dataset.line = String(p.line);
    const path = document.createElement('span');
    path.className = 'path';
    path.textContent = label(p);
    const where = document.createElement('span');
    where.className = 'where';
    // Not in the editor: in the chart's own values.yaml.
    where.textContent = inEditor(p) ? `line ${p.line}${p.column ? `:${p.column}` : ''}` : p.file ? `chart ${place(p)}` : '';
    const msg = document.createElement('span');
    msg.className = 'message';
    msg.textContent = `${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
    b.append(path, where, msg);
    if (inEditor(p)) {
      b.title = 'Show this line in the editor';
      b.addEventListener('click', () => editor && cm.goToLine(editor, p.line, p.column));
    } else if (p.kind === 'release') {
      b.addEventListener('click', () => releaseInput.focus());
    }
    li.append(b);
    const fix = withFix(p).fix;
    if (fix) {
      const f = document.createElement('button');
      f.type = 'button';
      f.className = 'fix';
      f.textContent = fix.label;
      f.title = `Replace it in the editor (line ${p.line})`;
      f.addEventListener('click', fix.apply);
      li.append(f);
    }
    return li;
  }));
}

function renderOutput() {
  const result = lastGood;
  if (!result) return;
  // Keep the selection when the object still exists; else the Deployment, else the first.
  if (selection.type === 'object' && !result.documents.some((d) => d.kind === selection.kind && (selection.name == null || d.name === selection.name))) {
    selection = { type: 'object', kind: 'Deployment', name: null };
  }
  if (selection.type === 'object' && selection.name == null) {
    const d = result.documents.find((x) => x.kind === selection.kind) || result.documents[0];
    selection = d ? { type: 'object', kind: d.kind, name: d.name } : { type: 'all' };
  }
  renderObjectList(result);
  showSelection(false);
  const selected = selection.type === 'object' ? `${selection.kind}/${selection.name}` : '';
  drawDiagram($('diagram'), result.documents, selected, (kind, name) => select({ type: 'object', kind, name }, true));
}

function select(sel, focusViewer) {
  selection = sel;
  renderOutput();
  showSelection(true);
  if (focusViewer) {
    const current = document.querySelector('#object-list [aria-current="true"]');
    if (current && !$('diagram').contains(document.activeElement)) current.focus();
  }
}

function entryButton(sel, kindText, nameText) {
  const b = document.createElement('button');
  b.type = 'button';
  const k = document.createElement('span');
  k.className = 'kind';
  k.textContent = kindText;
  const n = document.createElement('span');
  n.className = 'name';
  n.textContent = nameText;
  b.append(k, n);
  b.dataset.key = sel.type === 'object' ? `${sel.kind}/${sel.name}` : sel.type;
  b.addEventListener('click', () => select(sel, false));
  return b;
}

function renderObjectList(result) {
  const list = $('object-list');
  const objects = result.documents.filter((x) => !x.hook);
  const hooks = result.documents.filter((x) => x.hook);
  // Rebuilt only when the entries change (keeps focus and scroll while typing).
  const signature = [result.documents.length, ...objects.map(objectKey), '|', ...hooks.map(objectKey)].join('\n');
  if (list.dataset.signature !== signature) {
    const items = [];
    const add = (node) => {
      const li = document.createElement('li');
      li.append(node);
      items.push(li);
    };
    add(entryButton({ type: 'all' }, 'ALL', `${result.documents.length} manifests`));
    for (const d of objects) add(entryButton({ type: 'object', kind: d.kind, name: d.name }, d.kind, d.name));
    if (hooks.length) {
      const g = document.createElement('li');
      g.className = 'group';
      g.textContent = 'Hooks';
      g.setAttribute('aria-hidden', 'true');
      items.push(g);
      for (const d of hooks) add(entryButton({ type: 'object', kind: d.kind, name: d.name }, `${d.kind} (hook)`, d.name));
    }
    add(entryButton({ type: 'notes' }, 'NOTES.txt', 'printed after install'));
    const focusedKey = list.contains(document.activeElement) ? document.activeElement.dataset.key : null;
    list.dataset.signature = signature;
    list.replaceChildren(...items);
    if (focusedKey) list.querySelector(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
  }
  const current = selection.type === 'object' ? `${selection.kind}/${selection.name}` : selection.type;
  for (const b of list.querySelectorAll('button')) setIfChanged(b, 'aria-current', String(b.dataset.key === current));
}

let shownKey = null;
function showSelection(reset) {
  const result = lastGood;
  if (!result) return;
  let title;
  let text;
  if (selection.type === 'all') {
    title = `All manifests (${result.documents.length}), as helm template prints them`;
    text = result.stream;
  } else if (selection.type === 'notes') {
    title = 'NOTES.txt';
    text = result.notes;
  } else {
    const d = result.documents.find((x) => x.kind === selection.kind && x.name === selection.name);
    if (!d) return;
    title = `${d.kind} ${d.name}  (templates/${d.template})`;
    text = d.yaml;
  }
  const key = selection.type === 'object' ? objectKey(selection) : selection.type;
  setText($('viewer-title'), title);
  viewerText = text;
  // NOTES.txt is plain text (wrapped), not YAML: shown in a <pre> of its own.
  const notes = selection.type === 'notes';
  const notesView = $('notes-view');
  if (notesView.hidden === notes) notesView.hidden = !notes;
  if ($('viewer').hidden !== notes) $('viewer').hidden = notes;
  if (notes) setText(notesView, text);
  else if (viewer) cm.setViewerText(viewer, text, reset || key !== shownKey);
  else setText(plainViewer, text);
  shownKey = key;
  tracer?.viewChanged();
}

// Up/Down move through the object list.
$('object-list').addEventListener('keydown', (e) => {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const buttons = [...$('object-list').querySelectorAll('button')];
  const i = buttons.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  const next = buttons[Math.min(buttons.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
  next.focus();
  next.click();
});

// ---- compare: what the values change against a baseline --------------------------
// The baseline (the chart's defaults, a preset, or the link the page was opened
// from) is rendered by the same worker, once per baseline, release and namespace;
// the current output is compared with it object by object, field by field (diff.js).

const COMPARE_NAMES = {
  defaults: "the chart's defaults",
  development: 'the Development preset',
  production: 'the Production preset',
  link: 'the link you opened',
};
stats.diff = () => null;

function baselineSpec() {
  if (compareWith === 'link') {
    return linkState && { values: linkState.values, release: linkState.release, namespace: linkState.namespace || 'default' };
  }
  const values = compareWith === 'defaults' ? '' : PRESETS[compareWith];
  return { values, release: state.release, namespace: state.namespace || 'default' };
}

function baselineRendered(id, result) {
  const k = baselines.get(id);
  baselines.delete(id);
  if (k !== baseline.pendingKey) return; // a baseline no longer wanted
  baseline.pendingKey = null;
  baseline.key = k;
  baseline.result = result;
  updateChanges();
}

let changesShown = null;
function updateChanges() {
  const changes = $('changes');
  const browser = document.querySelector('.browser');
  const on = !!compareWith;
  if (changes.hidden === on) changes.hidden = !on;
  if (browser.hidden !== on) browser.hidden = on;
  document.body.classList.toggle('comparing', on);
  if (!on) {
    stats.diff = () => null;
    return;
  }
  const spec = baselineSpec();
  const k = spec && JSON.stringify(spec);
  if (!spec) {
    showChanges('Open a share link first: there is no link to compare with.', []);
    stats.diff = () => ({ ready: false, against: compareWith });
    return;
  }
  if (baseline.key !== k) {
    if (baseline.pendingKey !== k) {
      const id = nextId++;
      baselines.set(id, k);
      baseline.pendingKey = k;
      post(id, { type: 'render', ...spec });
    }
    showChanges(`Rendering ${COMPARE_NAMES[compareWith]}…`, []);
    stats.diff = () => ({ ready: false, against: compareWith });
    return;
  }
  if (!baseline.result.ok) {
    showChanges(`${COMPARE_NAMES[compareWith]} do not render: ${baseline.result.errors.map((e) => e.message).join('; ')}`, []);
    stats.diff = () => ({ ready: false, against: compareWith });
    return;
  }
  if (!lastGood) {
    showChanges('Nothing rendered yet to compare.', []);
    return;
  }
  if (!diffModule) {
    // The comparison's code loads when it is first asked for.
    diffLoading ||= import('./diff.js').then((m) => { diffModule = m; updateChanges(); });
    showChanges(`Comparing with ${COMPARE_NAMES[compareWith]}…`, []);
    stats.diff = () => ({ ready: false, against: compareWith });
    return;
  }
  const { diffRenderings } = diffModule;
  const d = diffRenderings(baseline.result.documents, lastGood.documents);
  const count = (n, what) => `${n} ${what}`;
  const stale = stats.lastOk === false ? ' (the last valid output: the values have errors)' : '';
  const title = d.added.length + d.removed.length + d.changed.length === 0
    ? `The same objects as ${COMPARE_NAMES[compareWith]}: nothing changes${stale}`
    : `Against ${COMPARE_NAMES[compareWith]}: ${count(d.added.length, 'added')}, ${count(d.removed.length, 'removed')}, ${count(d.changed.length, 'changed')}, ${count(d.unchanged, 'unchanged')}${stale}`;
  showChanges(title, [
    ...d.added.map((o) => ({ change: 'added', kind: o.kind, name: o.name })),
    ...d.removed.map((o) => ({ change: 'removed', kind: o.kind, name: o.name })),
    ...d.changed.map((o) => ({ change: 'changed', kind: o.kind, name: o.name, fields: o.fields })),
  ]);
  const keyOf = (o) => `${o.kind}/${o.name}`;
  stats.diff = () => ({
    ready: true,
    against: compareWith,
    release: spec.release,
    namespace: spec.namespace,
    added: d.added.map(keyOf),
    removed: d.removed.map(keyOf),
    changed: d.changed.map((o) => ({ key: keyOf(o), fields: o.fields })),
    unchanged: d.unchanged,
    fresh: stats.lastOk !== false && stats.idle(),
  });
}

function showChanges(title, items) {
  setText($('changes-title'), title);
  const signature = JSON.stringify(items);
  if (signature === changesShown) return;
  changesShown = signature;
  $('changes-list').replaceChildren(...items.map((o) => {
    const li = document.createElement('li');
    li.className = `change ${o.change}`;
    li.dataset.key = `${o.kind}/${o.name}`;
    const head = document.createElement(o.fields ? 'summary' : 'div');
    head.className = 'change-head';
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = o.change;
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = `${o.kind} ${o.name}`;
    head.append(badge, what);
    if (!o.fields) {
      li.append(head);
      return li;
    }
    const n = document.createElement('span');
    n.className = 'count';
    n.textContent = `${o.fields.length} field${o.fields.length === 1 ? '' : 's'}`;
    head.append(n);
    const details = document.createElement('details');
    details.open = true;
    const table = document.createElement('table');
    table.className = 'fields';
    const caption = document.createElement('caption');
    caption.className = 'visually-hidden';
    caption.textContent = `Fields of ${o.kind} ${o.name} that change`;
    const headRow = document.createElement('tr');
    for (const h of ['field', 'was', 'becomes']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = h;
      headRow.append(th);
    }
    table.append(caption, headRow);
    for (const f of o.fields) {
      const tr = document.createElement('tr');
      tr.className = `field-row ${f.change}`;
      tr.dataset.path = f.path;
      const path = document.createElement('td');
      path.className = 'path';
      path.textContent = f.path;
      const was = document.createElement('td');
      const becomes = document.createElement('td');
      if (f.change !== 'added') {
        const del = document.createElement('del');
        del.textContent = diffModule.showValue(f.before);
        was.append(del);
      } else was.textContent = '(absent)';
      if (f.change !== 'removed') {
        const ins = document.createElement('ins');
        ins.textContent = diffModule.showValue(f.after);
        becomes.append(ins);
      } else becomes.textContent = '(absent)';
      tr.append(path, was, becomes);
      table.append(tr);
    }
    details.append(head, table);
    li.append(details);
    return li;
  }));
}

$('compare').addEventListener('change', () => {
  compareWith = $('compare').value;
  updateChanges();
  // On a phone the output shows one tab at a time: the comparison is the Changes tab.
  if (compareWith && currentTab === 'manifests') showTab('changes');
  else if (!compareWith && currentTab === 'changes') showTab('manifests');
});

// ---- layout: tabs (a phone shows one pane at a time), the diagram folds away -------

const tabs = [...document.querySelectorAll('[role="tab"]')];
let currentTab = 'values';
function showTab(name) {
  currentTab = name;
  document.body.dataset.tab = name;
  for (const t of tabs) {
    const on = t.dataset.tab === name;
    setIfChanged(t, 'aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
  }
  if (name === 'diagram') $('diagram-box').open = true;
  if (name === 'changes' && !compareWith) {
    $('compare').value = 'defaults';
    compareWith = 'defaults';
    updateChanges();
  } else if (name === 'manifests' && compareWith) {
    $('compare').value = '';
    compareWith = '';
    updateChanges();
  }
}
tabs.forEach((t, i) => {
  t.addEventListener('click', () => showTab(t.dataset.tab));
  t.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(i + step + tabs.length) % tabs.length];
    next.focus();
    showTab(next.dataset.tab);
  });
});
showTab('values');

const DIAGRAM_KEY = 'aac-playground/diagram';
try {
  if (localStorage.getItem(DIAGRAM_KEY) === 'closed') $('diagram-box').open = false;
} catch { /* storage unavailable */ }
$('diagram-box').addEventListener('toggle', () => {
  if (currentTab === 'diagram') return; // opened by the tab, not by choice
  try { localStorage.setItem(DIAGRAM_KEY, $('diagram-box').open ? 'open' : 'closed'); } catch { /* ignore */ }
});

// ---- copy, download, share, theme ---------------------------------------------

let toastTimer = null;
function toast(message) {
  const t = $('toast');
  t.textContent = message;
  t.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => t.classList.remove('show'), 2600);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

$('copy').addEventListener('click', async () => {
  const ok = await copyText(viewerText);
  toast(ok ? `Copied ${$('viewer-title').textContent.split('  ')[0]}` : 'Copying failed: select the text and copy it');
});

$('download').addEventListener('click', () => {
  if (!lastGood) return;
  const blob = new Blob([lastGood.stream], { type: 'application/yaml' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${state.release || 'manifests'}.yaml`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
});

const MAX_LINK_CHARS = 2 * 1024 * 1024;
$('share').addEventListener('click', async () => {
  clearTimeout(hashTimer);
  await updateHash();
  const url = location.href;
  const input = $('share-url');
  input.value = url;
  $('share-dialog').showModal();
  input.select();
  // Chromium opens no link over 2 MiB (kMaxURLChars); such a link is not copied.
  const tooLong = url.length > MAX_LINK_CHARS;
  const ok = !tooLong && await copyText(url);
  const holds = 'The link holds the values, the release name and the namespace.';
  $('share-note').textContent = tooLong
    ? `This link is ${(url.length / 1048576).toFixed(1)} MiB: too long for a browser to open (the limit is 2 MiB). Share the values file instead.`
    : ok ? `Copied to the clipboard. ${holds}` : holds;
});
$('share-copy').addEventListener('click', async () => {
  const ok = await copyText($('share-url').value);
  toast(ok ? 'Link copied' : 'Copying failed: select the link and copy it');
});

const THEMES = ['auto', 'light', 'dark'];
const THEME_KEY = 'aac-playground/theme';
function applyTheme(name) {
  if (name === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = name;
  const b = $('theme');
  b.textContent = { auto: 'Auto', light: 'Light', dark: 'Dark' }[name];
  b.setAttribute('aria-label', `${b.textContent} colour scheme${name === 'auto' ? ' (follows the system)' : ''}`);
}
let theme = localStorage.getItem(THEME_KEY) || 'auto';
if (!THEMES.includes(theme)) theme = 'auto';
applyTheme(theme);
$('theme').addEventListener('click', () => {
  theme = THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  try { localStorage.setItem(THEME_KEY, theme); } catch { /* ignore */ }
  applyTheme(theme);
});

// The skip link puts the keyboard in the editor (on a phone, on the Values tab).
document.querySelector('.skip').addEventListener('click', (e) => {
  e.preventDefault();
  if (currentTab !== 'values') showTab('values');
  if (editor) editor.focus();
  else {
    plainEditor.tabIndex = -1;
    plainEditor.focus();
  }
});

// ---- a link opened in this tab ------------------------------------------------------
// A share link pasted into the address bar of a tab that already shows the
// playground changes only the hash: the page opens it (as one undoable edit),
// after asking when the editor holds edits that neither a preset nor the last
// link had (they would be one Undo away, but not in view).

let hashChanges = 0;
addEventListener('hashchange', async (e) => {
  // The page's own address updates (replaceState) fire no hashchange: this is a link.
  clearTimeout(hashTimer); // a pending update must not write over it
  const seq = ++hashChanges;
  const hash = new URL(e.newURL).hash;
  const linked = await decodeHash(hash);
  if (!linked || seq !== hashChanges) return; // not a state link, or another came since
  const same = linked.values === state.values && linked.release === state.release && linked.namespace === state.namespace;
  if (same) return;
  const pristine = Object.values(PRESETS).includes(state.values) || state.values === lastOpenedText
    || (linkState && linkState.values === state.values);
  stats.hashLinks = (stats.hashLinks || 0) + 1;
  if (!pristine && !confirm('Open the values of this link? They replace your edits in the editor (Undo brings them back).')) {
    clearTimeout(hashTimer);
    await updateHash(); // the address shows this page's values again
    toast('Kept your edits; the link was not opened');
    return;
  }
  linkState = { ...linked };
  lastOpenedText = linked.values;
  $('compare').querySelector('option[value="link"]').disabled = false;
  state.release = linked.release;
  state.namespace = linked.namespace;
  releaseInput.value = linked.release;
  namespaceInput.value = linked.namespace;
  loadText(linked.values, linked.preset);
  saveLocal(state, hash);
  if (compareWith) updateChanges();
  toast('Opened the values from the link');
});

// ---- start ------------------------------------------------------------------------

// The page opens at its top (a phone would otherwise restore, or follow the editor).
if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
window.scrollTo(0, 0);

if (source === 'link') {
  linkState = { ...state };
  lastOpenedText = state.values;
  $('compare').querySelector('option[value="link"]').disabled = false;
  toast('Loaded the values from the link');
  saveLocal(state, location.hash);
} else {
  hashTimer = setTimeout(updateHash, 400);
}
