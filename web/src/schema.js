// The chart's values schema (helm/ai-agent-connector/values.schema.json, what
// `aac schema` prints and Helm checks values against) read for the editor: which
// keys and values a position in a values file can hold, and what a key means.
// Plain functions over the text, no CodeMirror: schema-support.js wires them in.
//
// Values files are block YAML: a position's path comes from the indentation of
// the lines above it (`key:` opens a mapping, `- ` a list item).

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
  const base = (indent, dash) => (dash
    ? [...containerPath(lines, lineIndex, indent, true), '[]']
    : containerPath(lines, lineIndex, indent, false));
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

/** The key under `column` of line `lineIndex`, with its path: `{path, from, to}`, or null. */
export function keyAt(lines, lineIndex, column) {
  const line = lines[lineIndex] ?? '';
  const m = KEY_LINE.exec(line);
  if (!m) return null;
  const from = m[1].length + (m[2] ? m[2].length : 0);
  const to = from + m[3].length;
  if (column < from || column > to) return null;
  const base = m[2] ? [...containerPath(lines, lineIndex, m[1].length, true), '[]'] : containerPath(lines, lineIndex, m[1].length, false);
  return { path: [...base, unquote(m[3])], from, to };
}
