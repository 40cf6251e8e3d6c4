// The chart's values schema (helm/ai-agent-connector/values.schema.json, what
// `aac schema` prints and Helm checks values against) read for the editor: which
// keys and values a position in a values file can hold, and what a key means.
// Plain functions over the text, no CodeMirror: schema-support.js wires them in.
//
// Values files are block YAML: a position's path comes from the indentation of
// the lines above it (`key:` opens a mapping, `- ` a list item); within a line, a
// flow collection (`{...}`, `[...]`) opened on it is followed to the cursor.

// A key line: indentation, an optional `- `, the key, `:`, and what follows.
const KEY_LINE = /^(\s*)(-\s+)?([^\s#'"\-][^:#]*?|"[^"]*"|'[^']*')\s*:(?:\s+(.*?))?\s*$/;
const ITEM_LINE = /^(\s*)-(?:\s+(.*?))?\s*$/;

/**
 * The block structure of `lines[0..upto)`, as a function that answers, for
 * content at column `col` of the next line (a key, or a list item's dash when
 * `isItem`), the key path of its mapping (or of its list).
 */
function structure(lines, upto) {
  const frames = [{ col: -1, path: [], kind: 'map' }];
  let pending = null; // {col, path}: the last key (or dash) whose value is the block below
  let blockCol = -1; // inside a block scalar (`|`, `>`) of the key at this column
  const place = (c, isItem) => {
    while (frames.length > 1 && frames[frames.length - 1].col > c) frames.pop();
    if (pending && (c > pending.col || (isItem && c === pending.col))) {
      const frame = { col: c, path: pending.path, kind: isItem ? 'seq' : 'map' };
      pending = null;
      frames.push(frame);
      return frame.path;
    }
    pending = null;
    // A key ends a list at its column; a dash ends a mapping at its column.
    while (frames.length > 1 && frames[frames.length - 1].col === c && frames[frames.length - 1].kind !== (isItem ? 'seq' : 'map')) frames.pop();
    const top = frames[frames.length - 1];
    if (frames.length === 1) top.col = c;
    return top.path;
  };
  for (let i = 0; i < upto; i++) {
    const line = lines[i];
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const indent = line.search(/\S/);
    if (blockCol >= 0) {
      if (indent > blockCol) continue;
      blockCol = -1;
    }
    const key = KEY_LINE.exec(line);
    let col = indent;
    let path;
    if (key && key[2]) {
      path = [...place(indent, true), '[]'];
      col = indent + key[2].length;
      frames.push({ col, path, kind: 'map' });
    } else if (!key && ITEM_LINE.test(line)) {
      const seq = place(indent, true);
      const rest = ITEM_LINE.exec(line)[2];
      if (!rest) pending = { col: indent, path: [...seq, '[]'] };
      continue;
    } else if (key) {
      path = place(indent, false);
    } else {
      continue; // a continuation line of a flow or plain multi-line scalar
    }
    const value = key[4] || '';
    if (!value || value.startsWith('#')) pending = { col, path: [...path, unquote(key[3])] };
    else if (/^[|>][-+0-9]*\s*(#.*)?$/.test(value)) blockCol = col;
  }
  return place;
}

/** The key path of the mapping (or list, `isItem`) whose content starts at `col` of line `lineIndex`. */
export function containerPath(lines, lineIndex, col, isItem) {
  return structure(lines, lineIndex)(col, isItem);
}

/**
 * The path of what starts at column `indent` of line `lineIndex`: the mapping's,
 * or after a list item's `dash` (`- `), the item's (`[..., '[]']`).
 */
function basePath(lines, lineIndex, indent, dash) {
  return dash
    ? [...containerPath(lines, lineIndex, indent, true), '[]']
    : containerPath(lines, lineIndex, indent, false);
}

const unquote = (k) => k.trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');

/** The alternatives of a schema node (itself, or each of its anyOf). */
function variants(node) {
  if (!node || typeof node !== 'object') return [];
  return node.anyOf ? [node, ...node.anyOf.flatMap(variants)] : [node];
}

/** The schema node at a key path (`[]` for a list item), or null. */
export function nodeAt(schema, path) {
  let nodes = [schema];
  for (const seg of path) {
    const next = [];
    for (const n of nodes.flatMap(variants)) {
      if (seg === '[]') {
        if (n.items && typeof n.items === 'object') next.push(n.items);
      } else if (n.properties && n.properties[seg]) {
        next.push(n.properties[seg]);
      } else if (n.patternProperties) {
        for (const [re, sub] of Object.entries(n.patternProperties)) if (new RegExp(re).test(seg)) next.push(sub);
      } else if (n.additionalProperties && typeof n.additionalProperties === 'object') {
        next.push(n.additionalProperties);
      }
    }
    if (!next.length) return null;
    nodes = next;
  }
  return nodes.length === 1 ? nodes[0] : { anyOf: nodes };
}

/** The keys a mapping at this node may hold: `{key, node}`. */
export function keysOf(node) {
  const seen = new Map();
  for (const v of variants(node)) {
    for (const [k, sub] of Object.entries(v.properties || {})) if (!seen.has(k)) seen.set(k, sub);
  }
  return [...seen].map(([key, sub]) => ({ key, node: sub }));
}

/** The values a scalar at this node may take (enum, or true/false), as YAML text. */
export function valuesOf(node) {
  const out = new Set();
  for (const v of variants(node)) {
    for (const e of v.enum || []) out.add(typeof e === 'string' ? e : JSON.stringify(e));
    if (v.type === 'boolean' || (Array.isArray(v.type) && v.type.includes('boolean'))) {
      out.add('true');
      out.add('false');
    }
  }
  return [...out];
}

/** One line about a node: its type(s), enum and default. */
export function summary(node) {
  const types = new Set();
  for (const v of variants(node)) {
    for (const t of [].concat(v.type || [])) types.add(t);
  }
  const parts = [];
  if (types.size) parts.push([...types].join(' | '));
  const values = valuesOf(node).filter((v) => v !== 'true' && v !== 'false');
  if (values.length) parts.push(`one of ${values.join(', ')}`);
  if (node && node.default !== undefined && typeof node.default !== 'object') parts.push(`default ${JSON.stringify(node.default)}`);
  return parts.join(' · ');
}

/** The description of a node (or of its first alternative that has one). */
export function describe(node) {
  for (const v of variants(node)) if (v.description) return v.description;
  return '';
}

/**
 * What the cursor at `column` (0-based) of line `lineIndex` is on: a key being
 * typed (`{kind: 'key', from, to, path, text}`, path being the mapping's) or a
 * value after `key: ` (`{kind: 'value', from, to, path, text}`, the key's path), or null.
 */
export function contextAt(lines, lineIndex, column) {
  const line = lines[lineIndex] ?? '';
  const before = line.slice(0, column);
  const base = (indent, dash) => basePath(lines, lineIndex, indent, dash);
  // Inside a flow collection opened on this line: `resources: {limits: {cp` or `- {name: a, val`.
  const flow = flowContext(lines, lineIndex, before);
  if (flow) return { kind: flow.kind, from: column - flow.text.length, to: column, path: flow.path, text: flow.text };
  // A value: `key: partial`, the cursor after the colon.
  const v = /^(\s*)(-\s+)?([^\s#'"\-][^:#]*?|"[^"]*"|'[^']*')\s*:\s+([^#]*)$/.exec(before);
  if (v) {
    const text = v[4].replace(/^["']/, '');
    return { kind: 'value', from: column - text.length, to: column, path: [...base(v[1].length, v[2]), unquote(v[3])], text };
  }
  // A key: a word so far on the line (after the indentation, or `- `).
  const k = /^(\s*)(-\s+)?([A-Za-z0-9_.\-]*)$/.exec(before);
  if (k) return { kind: 'key', from: column - k[3].length, to: column, path: base(k[1].length, k[2]), text: k[3] };
  return null;
}

/** A key of a flow mapping under `column` (`{limits: {cpu: 1}}`): `{path, from, to}`, or null. */
function flowKeyAt(lines, lineIndex, column) {
  const line = lines[lineIndex] ?? '';
  const word = /[A-Za-z0-9_.\-]*/y;
  let from = column;
  while (from > 0 && /[A-Za-z0-9_.\-]/.test(line[from - 1])) from--;
  word.lastIndex = from;
  const to = from + word.exec(line)[0].length;
  if (to === from || !/^\s*:/.test(line.slice(to))) return null;
  const flow = flowContext(lines, lineIndex, line.slice(0, to));
  if (!flow || flow.kind !== 'key') return null;
  return { path: [...flow.path, flow.text], from, to };
}

/**
 * `before` (line `lineIndex` up to the cursor) ends inside a flow collection
 * opened on that line after `key:` or `- `: what flowAt says, with the whole path.
 */
function flowContext(lines, lineIndex, before) {
  const head = /^(\s*)(-\s+)?(?:([^\s#'"\-{\[][^:#{\[]*?|"[^"]*"|'[^']*')\s*:\s*)?(?=[{[])/.exec(before);
  if (!head || !(head[2] || head[3])) return null;
  const flow = flowAt(before.slice(head[0].length));
  if (!flow) return null;
  const base = basePath(lines, lineIndex, head[1].length, head[2]);
  const own = head[3] ? [...base, unquote(head[3])] : base;
  return { ...flow, path: [...own, ...flow.path] };
}

/**
 * Where the end of `text` (a flow collection and what follows it on the line, up
 * to the cursor) is: a key being typed in a flow mapping (`{kind: 'key', path,
 * text}`, path from the collection to the mapping), a value after `key: ` or a
 * list item (`{kind: 'value', path, text}`, the key's or the items' path), or null
 * when the collection is closed (or the text is quoted at the cursor).
 */
function flowAt(text) {
  const stack = []; // {map, key, value}: each open collection, its current key, and whether after its `:`
  let token = '';
  let quote = null;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      token += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      token += c;
    } else if (c === '{' || c === '[') {
      stack.push({ map: c === '{', key: null, value: false });
      token = '';
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (!stack.length) return null;
      token = '';
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      top.key = null;
      top.value = false;
      token = '';
    } else if (c === ':' && stack[stack.length - 1].map && !stack[stack.length - 1].value) {
      const top = stack[stack.length - 1];
      top.key = unquote(token);
      top.value = true;
      token = '';
    } else {
      token += c;
    }
  }
  if (!stack.length || quote) return null;
  // The path from the outermost collection to the innermost: a mapping's key, or `[]`.
  const path = stack.slice(0, -1).map((f) => (f.map ? f.key : '[]'));
  if (path.some((k) => k == null)) return null;
  const top = stack[stack.length - 1];
  const typed = token.trimStart();
  if (!/^[A-Za-z0-9_.\-]*$/.test(typed)) return null;
  if (top.map && !top.value) return { kind: 'key', path, text: typed };
  return { kind: 'value', path: [...path, top.map ? top.key : '[]'], text: typed };
}

/** The key under `column` of line `lineIndex`, with its path: `{path, from, to}`, or null. */
export function keyAt(lines, lineIndex, column) {
  const line = lines[lineIndex] ?? '';
  const m = KEY_LINE.exec(line);
  const from = m ? m[1].length + (m[2] ? m[2].length : 0) : 0;
  const to = m ? from + m[3].length : 0;
  if (!m || column < from || column > to) return flowKeyAt(lines, lineIndex, column);
  return { path: [...basePath(lines, lineIndex, m[1].length, m[2]), unquote(m[3])], from, to };
}
