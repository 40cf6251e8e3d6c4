// What changed between two renderings, object by object and field by field:
// the objects (kind/name) only one side has are added or removed; for the
// others, their parsed trees (the core's `object`, not the YAML text) are walked
// together and every field whose value differs is listed with its path, as
// `spec.template.spec.containers[app].image`. List items that all carry a
// `name` (containers, env, ports, volumes) are matched by name, not position,
// so one inserted item is one added field, not a shifted list.

const key = (d) => `${d.kind}/${d.name}`;

/**
 * `{added, removed, changed, unchanged}`: documents only in `current`, only
 * in `base`, in both with `fields` that differ (`{path, change, before,
 * after}`, change being 'changed' | 'added' | 'removed'), and how many are the same.
 */
export function diffRenderings(base, current) {
  const before = new Map(base.map((d) => [key(d), d]));
  const after = new Map(current.map((d) => [key(d), d]));
  const added = current.filter((d) => !before.has(key(d)));
  const removed = base.filter((d) => !after.has(key(d)));
  const changed = [];
  let unchanged = 0;
  for (const d of current) {
    const b = before.get(key(d));
    if (!b) continue;
    const fields = [];
    walk(b.object, d.object, '', fields);
    if (fields.length) changed.push({ kind: d.kind, name: d.name, template: d.template, hook: d.hook, fields });
    else unchanged++;
  }
  return { added, removed, changed, unchanged };
}

const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const join = (path, k) => (plainKey.test(k) ? (path ? `${path}.${k}` : k) : `${path}[${JSON.stringify(k)}]`);

/** Appends to `out` every difference between `a` and `b` under `path`. */
function walk(a, b, path, out) {
  if (a === b) return;
  if (isMap(a) && isMap(b)) {
    for (const k of Object.keys(a)) {
      if (!(k in b)) out.push({ path: join(path, k), change: 'removed', before: a[k] });
      else walk(a[k], b[k], join(path, k), out);
    }
    for (const k of Object.keys(b)) if (!(k in a)) out.push({ path: join(path, k), change: 'added', after: b[k] });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (xs) => xs.length > 0 && xs.every((x) => isMap(x) && typeof x.name === 'string')
      && new Set(xs.map((x) => x.name)).size === xs.length;
    if (named(a) && named(b)) {
      const bByName = new Map(b.map((x) => [x.name, x]));
      const aNames = new Set(a.map((x) => x.name));
      for (const x of a) {
        const p = `${path}[${x.name}]`;
        if (!bByName.has(x.name)) out.push({ path: p, change: 'removed', before: x });
        else walk(x, bByName.get(x.name), p, out);
      }
      for (const x of b) if (!aNames.has(x.name)) out.push({ path: `${path}[${x.name}]`, change: 'added', after: x });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= b.length) out.push({ path: p, change: 'removed', before: a[i] });
      else if (i >= a.length) out.push({ path: p, change: 'added', after: b[i] });
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  out.push({ path: path || '(the whole object)', change: 'changed', before: a, after: b });
}

/** A value as one short line: scalars as YAML prints them, trees as compact JSON. */
export function showValue(v) {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v === '' ? '""' : v;
  if (typeof v !== 'object') return String(v);
  const text = JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
