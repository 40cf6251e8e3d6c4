// Provenance, both ways: which values a manifest line comes from, and which
// manifest lines a values key affects. The worker answers the core's `explain`
// request (aac-core's chart::provenance: every values node changed in turn and
// the chart rendered again) for the editor's values; it is asked only when the
// user first points at a line after an edit, never on the typing path.
//
// A manifest line pointed at (mouse over it, a click, the viewer's cursor moved
// by keys) lights up the editor lines of the values it depends on; values that
// are not in the editor (the chart's defaults) are named with their values.yaml
// line in the trace panel. An editor line pointed at lights up every line it
// affects in the manifest shown, and the panel lists every object it affects
// (each a button that shows that object) and what changing it would add.

/** The editor's file name in the core's answers (wasm/src/browser.rs). */
const EDITOR_FILE = 'playground-values.yaml';
const PRESET_FILES = { development: 'values-development.yaml', production: 'values-production.yaml' };

/**
 * `page`: { request(values, release, namespace) -> id, current() -> {values,
 * release, namespace, preset, presetText}, result() -> the shown render,
 * selection() -> the viewer's selection, editor() / viewer() -> the CodeMirror
 * views (or null), cm() -> editor.js, panel (the <div> that tells the trace),
 * showObject(kind, name) }.
 */
export function createTracer(page) {
  let data = null; // {key, prov}
  let pending = null; // {id, key}
  let target = null; // {side: 'viewer' | 'editor', line, how}
  const shown = { editorLines: [], viewerLines: [], objects: [], causes: [], additions: [] };

  const keyOf = (c) => `${c.values}\u0000${c.release}\u0000${c.namespace}`;

  function fresh() {
    const c = page.current();
    return data && data.key === keyOf(c) ? data.prov : null;
  }

  function ask() {
    const c = page.current();
    const key = keyOf(c);
    if (pending && pending.key === key) return;
    pending = { id: page.request(c.values, c.release, c.namespace), key };
  }

  /** The user points at `line` (1-based; null: nothing) of the editor or the viewer. */
  function point(side, line, how) {
    if (line == null) {
      // The mouse left: a cursor target stays.
      if (target && target.how === 'hover' && target.side === side) {
        target = null;
        clear();
      }
      return;
    }
    target = { side, line, how };
    if (fresh()) apply();
    else ask();
  }

  function received(id, answer) {
    if (!pending || pending.id !== id) return false;
    const { key } = pending;
    pending = null;
    if (!answer.ok || !answer.provenance) {
      data = null;
      setPanel(answer.errors && answer.errors.length
        ? [text(`Cannot trace these values: ${answer.errors[0].message}`)]
        : []);
      return true;
    }
    data = { key, prov: answer.provenance };
    if (target) {
      if (fresh()) apply();
      else ask(); // edited meanwhile
    }
    return true;
  }

  /** A fresh worker took over: what was asked of the old one is lost. */
  function restarted() {
    pending = null;
  }

  // ---- where lines are ----------------------------------------------------------

  /** The shown text's documents: [{doc index, first viewer line (1-based)}]. */
  function layout(prov) {
    const sel = page.selection();
    const result = page.result();
    if (!result || sel.type === 'notes') return [];
    if (sel.type === 'all') {
      // The stream: `---`, `# Source:`, then each document's lines.
      const out = [];
      let line = 1;
      prov.documents.forEach((d, i) => {
        out.push({ doc: i, first: line + 2 });
        line += 2 + d.lines.length;
      });
      return out;
    }
    const i = prov.documents.findIndex((d) => d.kind === sel.kind && d.name === sel.name);
    const shownDoc = result.documents.find((d) => d.kind === sel.kind && d.name === sel.name);
    if (i < 0 || !shownDoc) return [];
    // The viewer shows the object as rendered; the core's lines start at its first non-blank one.
    const lead = shownDoc.yaml.length - shownDoc.yaml.trimStart().length;
    const blank = (shownDoc.yaml.slice(0, lead).match(/\n/g) || []).length;
    return [{ doc: i, first: 1 + blank }];
  }

  function editorLabel(source) {
    const c = page.current();
    const file = PRESET_FILES[c.preset];
    if (file && c.values === c.presetText) return `preset ${file}:${source.line}`;
    return `your values, line ${source.line}`;
  }

  function inEditor(source) {
    return source.from_user && source.file === EDITOR_FILE && source.line;
  }

  function describe(source) {
    const value = source.value == null ? '(secret, not shown)' : source.value;
    const where = inEditor(source)
      ? editorLabel(source)
      : source.file && source.line ? `from chart defaults ${source.file}:${source.line}` : 'computed';
    return { path: source.path, value, where };
  }

  // ---- applying a target -----------------------------------------------------------

  function apply() {
    const prov = fresh();
    if (!prov || !target) return;
    if (target.side === 'viewer') fromManifest(prov);
    else fromValues(prov);
  }

  function fromManifest(prov) {
    const docs = layout(prov);
    const at = docs.find((d) => target.line >= d.first && target.line < d.first + prov.documents[d.doc].lines.length);
    const causes = at ? prov.documents[at.doc].lines[target.line - at.first] : [];
    const editorLines = [];
    const items = [];
    // Values first, then conditions; each source once.
    const seen = new Set();
    for (const role of ['value', 'condition']) {
      for (const c of causes) {
        if (c.role !== role || seen.has(c.source)) continue;
        seen.add(c.source);
        const s = prov.sources[c.source];
        if (inEditor(s)) editorLines.push(s.line);
        items.push({ ...describe(s), role });
      }
    }
    shown.editorLines = editorLines;
    shown.viewerLines = [target.line];
    shown.objects = [];
    shown.causes = items;
    shown.additions = [];
    const ed = page.editor();
    const view = page.viewer();
    if (ed) mark(ed, editorLines, target.how !== 'hover');
    if (view) mark(view, [], false);
    const where = at ? prov.documents[at.doc] : null;
    const lines = [];
    if (!items.length) {
      lines.push(text(where ? 'No value changes this line: the template writes it as it is.' : 'Point at a manifest line to see where it comes from.'));
    } else {
      lines.push(text(`Line ${target.line - (at ? at.first : 0) + 1} of ${where.kind} ${where.name} comes from:`));
      const ul = document.createElement('ul');
      for (const it of items) {
        const li = document.createElement('li');
        const code = document.createElement('code');
        code.textContent = `${it.path} = ${it.value}`;
        li.append(code, ` ${it.role === 'value' ? 'printed' : 'decides that it is there'}; ${it.where}`);
        ul.append(li);
      }
      lines.push(ul);
    }
    setPanel(lines);
  }

  function fromValues(prov) {
    const here = prov.sources.map((s, i) => [s, i]).filter(([s]) => inEditor(s) && s.line === target.line);
    const paths = here.map(([s]) => s.path);
    // The key and every value below it.
    const chosen = new Set(prov.sources
      .map((s, i) => [s, i])
      .filter(([s]) => paths.some((p) => s.path === p || s.path.startsWith(`${p}.`) || s.path.startsWith(`${p}[`)))
      .map(([, i]) => i));
    const objects = [];
    prov.documents.forEach((d, i) => {
      const n = d.lines.filter((causes) => causes.some((c) => chosen.has(c.source))).length;
      if (n) objects.push({ doc: i, kind: d.kind, name: d.name, lines: n });
    });
    const additions = [];
    for (const i of chosen) {
      for (const a of prov.sources[i].additions || []) {
        const d = a.document != null ? prov.documents[a.document] : null;
        additions.push(d ? `\`${a.text.trim()}\` in ${d.kind} ${d.name}` : a.text);
      }
    }
    const viewerLines = [];
    for (const { doc, first } of layout(prov)) {
      prov.documents[doc].lines.forEach((causes, j) => {
        if (causes.some((c) => chosen.has(c.source))) viewerLines.push(first + j);
      });
    }
    shown.editorLines = [target.line];
    shown.viewerLines = viewerLines;
    shown.objects = objects.map((o) => ({ kind: o.kind, name: o.name, lines: o.lines }));
    shown.causes = here.map(([s]) => describe(s));
    shown.additions = additions;
    const ed = page.editor();
    const view = page.viewer();
    if (ed) mark(ed, [], false);
    if (view) mark(view, viewerLines, true);
    const lines = [];
    if (!paths.length) {
      lines.push(text('This line changes no rendered line.'));
    } else {
      lines.push(text(`${paths.join(', ')} ${objects.length ? `affects ${viewerLines.length} line${viewerLines.length === 1 ? '' : 's'} here; in all:` : 'changes no rendered line now.'}`));
      if (objects.length) {
        const ul = document.createElement('ul');
        ul.className = 'trace-objects';
        for (const o of objects) {
          const li = document.createElement('li');
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = `${o.kind} ${o.name}: ${o.lines} line${o.lines === 1 ? '' : 's'}`;
          b.addEventListener('click', () => page.showObject(o.kind, o.name));
          li.append(b);
          ul.append(li);
        }
        lines.push(ul);
      }
      if (additions.length) lines.push(text(`Changing it would add ${additions.join('; ')}.`));
    }
    if (!prov.complete) lines.push(text(`The values are large: ${prov.traced} of ${prov.values} were traced (yours first).`));
    setPanel(lines);
  }

  /**
   * Marks lines of a view once the current update is over: an edit reaches the
   * tracer from inside the editor's own dispatch, where a view takes no other.
   */
  function mark(view, lines, scroll) {
    queueMicrotask(() => page.cm().markTrace(view, lines, scroll));
  }

  // ---- the panel ------------------------------------------------------------------

  function text(s) {
    const p = document.createElement('p');
    p.textContent = s;
    return p;
  }

  function setPanel(nodes) {
    page.panel.replaceChildren(...nodes);
    page.panel.hidden = nodes.length === 0;
  }

  function clear() {
    shown.editorLines = [];
    shown.viewerLines = [];
    shown.objects = [];
    shown.causes = [];
    shown.additions = [];
    const ed = page.editor();
    const view = page.viewer();
    if (ed) mark(ed, [], false);
    if (view) mark(view, [], false);
    setPanel([]);
  }

  return {
    point,
    received,
    restarted,
    /** The values changed: the highlights no longer hold. */
    edited() {
      if (target) {
        target = null;
        clear();
      }
    },
    /** The viewer shows another object: lines move. */
    viewChanged() {
      if (target && target.side === 'editor' && fresh()) apply();
      else if (target && target.side === 'viewer') {
        target = null;
        clear();
      }
    },
    /** For the tests: what is traced and lit. */
    state: () => ({ target, fresh: !!fresh(), pending: !!pending, ...shown, panel: page.panel.textContent }),
  };
}
