// CodeMirror 6: the values editor and the read-only manifest viewer, one YAML
// highlighting whose colours are CSS variables (so both colour schemes work).
//
// The YAML mode is a small line-based tokenizer (a StreamLanguage) with folding
// by indentation, not @codemirror/lang-yaml: Lezer's YAML parser re-parsed the
// whole document on every keystroke (about 9 ms on the production values, in
// the editor and again in the viewer, on the main thread), while a stream mode
// re-reads only the changed lines. Values files are block YAML; colours are all
// it has to get right, the core reads the values.

import { Compartment, EditorState, StateField, StateEffect, RangeSetBuilder } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  drawSelection, Decoration, highlightSpecialChars,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import {
  syntaxHighlighting, HighlightStyle, bracketMatching, foldGutter, foldKeymap, foldService,
  indentUnit, StreamLanguage,
} from '@codemirror/language';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { tags as t } from '@lezer/highlight';

const BOOL_OR_NULL = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER = /^[-+]?(?:0x[0-9a-f_]+|0o?[0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:e[-+]?\d+)?|\.inf|\.nan)$/i;

/** YAML, a line at a time: keys, scalars by type, comments, block scalars. */
const yamlLines = StreamLanguage.define({
  name: 'yaml',
  startState: () => ({ block: -1, indent: 0 }),
  copyState: (s) => ({ block: s.block, indent: s.indent }),
  token(stream, state) {
    if (stream.sol()) {
      const indent = stream.indentation();
      if (state.block >= 0) {
        // The lines of a block scalar (`|`, `>`) are text while indented deeper.
        if (stream.match(/^\s*$/)) return null;
        if (indent > state.block) {
          stream.skipToEnd();
          return 'string';
        }
        state.block = -1;
      }
      state.indent = indent;
      if (stream.match(/^(?:---|\.\.\.)(?=\s|$)/)) return 'meta';
    }
    if (stream.eatSpace()) return null;
    if (stream.peek() === '#') {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^-(?=\s|$)/) || stream.match(/^[[\]{},?]/)) return 'punctuation';
    if (stream.match(/^:(?=\s|$)/)) return 'punctuation';
    // A key: a quoted or plain scalar followed by `:` and a space or the line's end.
    if (stream.match(/^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},&*!|>%@`][^#]*?)(?=\s*:(?:\s|$))/)) {
      return 'propertyName';
    }
    if (stream.match(/^[|>][-+0-9]*(?=\s*(?:#|$))/)) {
      state.block = state.indent;
      return 'meta';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^']|'')*'?/)) return 'string';
    if (stream.match(/^[&*!][^\s,[\]{}]*/)) return 'meta';
    // A plain scalar: up to a comment, or to a flow indicator in flow style.
    const m = stream.match(/^[^\s,[\]{}](?:[^#,[\]{}]|#(?<!\s#))*/);
    if (m) {
      const text = m[0].replace(/\s+$/, '');
      stream.backUp(m[0].length - text.length);
      if (BOOL_OR_NULL.test(text)) return 'atom';
      if (NUMBER.test(text)) return 'number';
      return 'string';
    }
    stream.next();
    return null;
  },
  tokenTable: {
    propertyName: t.propertyName,
    string: t.string,
    number: t.number,
    atom: t.bool,
    comment: t.lineComment,
    meta: t.meta,
    punctuation: t.punctuation,
  },
  languageData: { commentTokens: { line: '#' } },
});

/** Folds a line's deeper-indented block (and a key's list at its own indentation). */
const foldByIndent = foldService.of((state, lineStart) => {
  const line = state.doc.lineAt(lineStart);
  const text = line.text;
  const indent = text.search(/\S/);
  if (indent < 0 || text[indent] === '#') return null;
  const opensList = /:\s*(?:#.*)?$/.test(text);
  let end = -1;
  for (let n = line.number + 1; n <= state.doc.lines; n++) {
    const next = state.doc.line(n).text;
    const ni = next.search(/\S/);
    if (ni < 0) continue;
    if (ni < indent || (ni === indent && !(opensList && next.startsWith('-', ni)))) break;
    end = state.doc.line(n).to;
  }
  return end > line.to ? { from: line.to, to: end } : null;
});

const yaml = () => [yamlLines, foldByIndent];

const highlight = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName)], color: 'var(--syn-key)' },
  { tag: [t.string, t.special(t.string), t.attributeValue, t.content], color: 'var(--syn-string)' },
  { tag: [t.number, t.integer, t.float], color: 'var(--syn-number)' },
  { tag: [t.bool, t.null, t.atom, t.keyword], color: 'var(--syn-bool)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--syn-comment)', fontStyle: 'italic' },
  { tag: [t.meta, t.documentMeta, t.processingInstruction, t.labelName, t.typeName], color: 'var(--syn-meta)' },
  { tag: [t.punctuation, t.separator, t.squareBracket, t.brace], color: 'var(--muted)' },
]);

const theme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--panel)', fontSize: '13px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'var(--selection) !important',
  },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--fg)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--selection)' },
  '.cm-panels': { backgroundColor: 'var(--panel-2)', color: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--border)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warning)' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '-2px' },
});

/** A set of line decorations, replaced whole by its effect, that follows edits. */
function markField() {
  const set = StateEffect.define();
  const field = StateField.define({
    create: () => Decoration.none,
    update(marks, tr) {
      marks = marks.map(tr.changes);
      for (const e of tr.effects) if (e.is(set)) marks = e.value;
      return marks;
    },
    provide: (f) => EditorView.decorations.from(f),
  });
  return [set, field];
}

// Whole-line marks for the lines that hold a problem (on top of the lint gutter
// and underline), so a bad value is visible without hovering.
const [setLineMarks, lineMarks] = markField();

// Provenance highlights (trace.js): the lines a hovered line depends on, or
// that depend on it. A field of its own, beside the problem marks.
const [setTraceMarks, traceMarks] = markField();

/** Highlights 1-based `lines` of a view (none: clears), scrolling the first into view when asked. */
export function markTrace(view, lines, scroll) {
  const doc = view.state.doc;
  const builder = new RangeSetBuilder();
  const sorted = [...new Set(lines)].filter((n) => n >= 1 && n <= doc.lines).sort((a, b) => a - b);
  for (const n of sorted) {
    builder.add(doc.line(n).from, doc.line(n).from, Decoration.line({ class: 'cm-trace-line', attributes: { 'data-trace-line': String(n) } }));
  }
  const effects = [setTraceMarks.of(builder.finish())];
  if (scroll && sorted.length) effects.push(EditorView.scrollIntoView(doc.line(sorted[0]).from, { y: 'nearest' }));
  view.dispatch({ effects });
}

/**
 * Reports the line the user points at (`onLine(line, how)`, 1-based; how:
 * 'hover', 'cursor'): the mouse over a line, a click, or the cursor moved by
 * keys (not by typing). Only when the line changes.
 */
function traceEvents(onLine) {
  let last = null;
  const report = (line, how) => {
    const key = `${how}:${line}`;
    if (key === last) return;
    last = key;
    onLine(line, how);
  };
  return [
    EditorView.domEventHandlers({
      mousemove(event, view) {
        const pos = view.posAtCoords({ x: event.clientX, y: event.clientY }, false);
        if (pos != null) report(view.state.doc.lineAt(pos).number, 'hover');
        return false;
      },
      mouseleave() {
        last = null;
        onLine(null, 'hover');
        return false;
      },
    }),
    EditorView.updateListener.of((u) => {
      if (!u.selectionSet || u.docChanged) return;
      if (!u.transactions.some((tr) => tr.isUserEvent('select') || tr.isUserEvent('select.pointer'))) return;
      report(u.state.doc.lineAt(u.state.selection.main.head).number, 'cursor');
    }),
  ];
}

/**
 * The values editor. `onChange(text)` runs on every edit, before the editor
 * updates its own display: the worker starts rendering while the editor redraws.
 * `onPaste(text)` sees pasted text first and returns true when it took it (too
 * large a paste is refused, not inserted); `onDropFiles(files)` takes files
 * dropped on the editor (opened as values files, not inserted as text).
 */
// The find panel (search.js) loads on the first Mod-F: until then that key loads it,
// then it adds its keys (find next, replace...) and match highlighting to the view.
const searchCompartment = new Compartment();
let searchModule = null;
const lazySearch = keymap.of([{
  key: 'Mod-f',
  preventDefault: true,
  run(view) {
    searchModule ||= import('./search.js');
    searchModule.then((m) => {
      view.dispatch({ effects: searchCompartment.reconfigure([keymap.of(m.searchKeymap), m.highlightSelectionMatches()]) });
      m.openSearchPanel(view);
    });
    return true;
  },
}]);

// Schema-driven completion and hover docs (schema-support.js), added once loaded.
const schemaCompartment = new Compartment();

/** Adds the schema's completion and hover docs to the values editor. */
export function enableSchemaSupport(view, extensions) {
  view.dispatch({ effects: schemaCompartment.reconfigure(extensions) });
}

/** Replaces columns `from..to` (0-based) of a 1-based line with `insert`, as one undoable edit. */
export function replaceInLine(view, line, from, to, insert) {
  const l = view.state.doc.line(line);
  view.dispatch({
    changes: { from: l.from + from, to: l.from + to, insert },
    selection: { anchor: l.from + from + insert.length },
    userEvent: 'input.fix',
  });
}

export function createValuesEditor(parent, text, onChange, { onPaste, onDropFiles, onTraceLine }) {
  const view = new EditorView({
    parent,
    dispatchTransactions(trs, v) {
      // `newDoc` is the edited text without computing the rest of the new state.
      if (trs.some((tr) => tr.docChanged)) onChange(trs[trs.length - 1].newDoc.toString());
      v.update(trs);
    },
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        foldGutter(),
        lintGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        bracketMatching(),
        highlightActiveLine(),
        highlightActiveLineGutter(),
        searchCompartment.of([]),
        indentUnit.of('  '),
        EditorState.tabSize.of(2),
        yaml(),
        syntaxHighlighting(highlight),
        theme,
        lineMarks,
        traceMarks,
        onTraceLine ? traceEvents(onTraceLine) : [],
        keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, indentWithTab]),
        lazySearch,
        schemaCompartment.of([]),
        EditorView.contentAttributes.of({ 'aria-label': 'Values (YAML)', spellcheck: 'false', tabindex: '0' }),
        // On a phone, long lines wrap rather than scroll sideways.
        window.matchMedia('(max-width: 640px)').matches ? EditorView.lineWrapping : [],
        EditorView.domEventHandlers({
          paste(event) {
            const pasted = event.clipboardData && event.clipboardData.getData('text/plain');
            if (!pasted || !onPaste(pasted)) return false;
            event.preventDefault();
            return true;
          },
          drop(event) {
            const files = event.dataTransfer && event.dataTransfer.files;
            if (!files || files.length === 0) return false;
            event.preventDefault();
            onDropFiles(files);
            return true;
          },
        }),
      ],
    }),
  });
  return view;
}

/**
 * Replaces the editor's text as one undoable step (a preset switch or an opened
 * file can be undone).
 */
export function replaceText(view, text) {
  view.dispatch({
    changes: { from: 0, to: view.state.doc.length, insert: text },
    selection: { anchor: 0 },
    scrollIntoView: true,
    userEvent: 'input.replace',
  });
}

/**
 * Marks problems on the editor: lint diagnostics (gutter, underline, tooltip)
 * and a background on each problem's line. `problems` are the core's
 * `{severity, path, message, line, column}`; those without a line are not marked.
 */
export function markProblems(view, problems) {
  const doc = view.state.doc;
  const diagnostics = [];
  const lines = new Map();
  for (const p of problems) {
    if (!p.line || p.line > doc.lines) continue;
    const line = doc.line(p.line);
    const col = Math.max(0, Math.min((p.column || 1) - 1, line.length));
    let from = line.from + col;
    if (from >= line.to) from = line.from;
    diagnostics.push({
      from,
      to: Math.max(from, line.to),
      severity: p.severity === 'warning' ? 'warning' : 'error',
      message: p.path ? `${p.path}: ${p.message}` : p.message,
      actions: p.fix ? [{ name: p.fix.label, apply: () => p.fix.apply() }] : undefined,
    });
    if (lines.get(line.from) !== 'error') lines.set(line.from, p.severity);
  }
  const builder = new RangeSetBuilder();
  for (const from of [...lines.keys()].sort((a, b) => a - b)) {
    const cls = lines.get(from) === 'warning' ? 'cm-warning-line' : 'cm-problem-line';
    builder.add(from, from, Decoration.line({ class: cls, attributes: { 'data-problem-line': String(doc.lineAt(from).number) } }));
  }
  view.dispatch(setDiagnostics(view.state, diagnostics));
  view.dispatch({ effects: setLineMarks.of(builder.finish()) });
}

/** Moves the cursor to a 1-based line (and column) and focuses the editor. */
export function goToLine(view, line, column) {
  const doc = view.state.doc;
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  const pos = l.from + Math.min(Math.max(0, (column || 1) - 1), l.length);
  view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
  view.focus();
}

/** The read-only viewer for one manifest (or all of them, or NOTES). */
export function createViewer(parent, { onTraceLine } = {}) {
  return new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        lineNumbers(),
        foldGutter(),
        highlightSpecialChars(),
        drawSelection(),
        searchCompartment.of([]),
        EditorState.readOnly.of(true),
        EditorView.editable.of(true), // focusable and selectable for keyboard users
        yaml(),
        syntaxHighlighting(highlight),
        theme,
        keymap.of([...defaultKeymap, ...foldKeymap]), // edits are refused: read-only
        traceMarks,
        onTraceLine ? traceEvents(onTraceLine) : [],
        lazySearch,
        EditorView.contentAttributes.of({ 'aria-label': 'Rendered manifest (read only)', 'aria-readonly': 'true', tabindex: '0' }),
        EditorView.lineWrapping, // long lines wrap: no sideways scrolling
      ],
    }),
  });
}

/** Sets the viewer's text with the smallest change, so its scroll position stays. */
export function setViewerText(view, text, resetScroll) {
  const old = view.state.doc.toString();
  if (old === text) return;
  let start = 0;
  const max = Math.min(old.length, text.length);
  while (start < max && old.charCodeAt(start) === text.charCodeAt(start)) start++;
  let endOld = old.length;
  let endNew = text.length;
  while (endOld > start && endNew > start && old.charCodeAt(endOld - 1) === text.charCodeAt(endNew - 1)) {
    endOld--;
    endNew--;
  }
  view.dispatch({
    changes: { from: start, to: endOld, insert: text.slice(start, endNew) },
    selection: resetScroll ? { anchor: 0 } : undefined,
    scrollIntoView: !!resetScroll,
  });
  if (resetScroll) view.scrollDOM.scrollTop = 0;
}
