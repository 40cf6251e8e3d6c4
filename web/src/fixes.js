// One-click fixes for the problems the core reports about values (its messages
// name the fix): an unknown key it suggests another for, or a value close to
// one of the allowed ones. Small and in the page's first bundle, unlike the
// schema support (schema-support.js), which loads when the editor is first used.

/** Levenshtein distance (small strings). */
function distance(a, b) {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/**
 * A one-click fix for a problem the core reported, from its message: an
 * unknown key it suggests another for (`did you mean "X"?`), or a value not
 * among the allowed ones (`must be one of "A", "B", got string "a"`) close to
 * one of them. `{label, line, from, to, insert}` (line 1-based, columns
 * 0-based in that line), or null when there is none or the text moved.
 */
export function fixFor(problem, text) {
  if (!problem.line) return null;
  const lines = text.split('\n');
  const line = lines[problem.line - 1];
  if (line === undefined) return null;
  const key = problem.path ? problem.path.replace(/\[\d+\]$/, '').split('.').pop() : '';
  const mean = /did you mean "([^"]+)"\?/.exec(problem.message);
  if (mean && key) {
    const m = new RegExp(`^(\\s*(?:-\\s+)?)(["']?)${escape(key)}\\2(\\s*:)`).exec(line);
    if (!m) return null;
    const from = m[1].length;
    return { label: `Use "${mean[1]}"`, line: problem.line, from, to: from + m[2].length * 2 + key.length, insert: mean[1] };
  }
  const allowed = /must be one of (.+), got \w+ "([^"]*)"/.exec(problem.message);
  if (allowed) {
    const options = [...allowed[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]);
    const got = allowed[2];
    const best = options
      .map((o) => ({ o, d: o.toLowerCase() === got.toLowerCase() ? 0 : distance(o.toLowerCase(), got.toLowerCase()) }))
      .sort((a, b) => a.d - b.d)[0];
    if (!best || best.d > Math.max(2, Math.floor(got.length / 3))) return null;
    const m = new RegExp(`^(.*?:\\s*)(["']?)${escape(got)}\\2(\\s*(?:#.*)?)$`).exec(line);
    if (!m) return null;
    const from = m[1].length;
    return { label: `Use "${best.o}"`, line: problem.line, from, to: from + m[2].length * 2 + got.length, insert: best.o };
  }
  return null;
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
