// What the page remembers: the values, the preset they started from, the release
// name and namespace. Kept in two places:
//  - the URL hash (`#s=` + base64url of deflate-raw JSON), so a link reproduces the view;
//  - localStorage, written on every edit, so nothing typed is lost on reload.
// On load, a hash that differs from the one stored with the local state is a link
// someone opened: it wins. Otherwise the local state (never older than the hash) wins.

const STORAGE_KEY = 'aac-playground/v1';
const HASH_PREFIX = '#s=';

/** @typedef {{values: string, preset: string, release: string, namespace: string}} State */

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

async function pipe(bytes, transform) {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The URL hash for a state. */
export async function encodeHash(state) {
  const json = JSON.stringify({ v: state.values, p: state.preset, r: state.release, n: state.namespace });
  const packed = await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return HASH_PREFIX + toBase64Url(packed);
}

/** The state in a URL hash, or null when there is none (or it is damaged). */
export async function decodeHash(hash) {
  if (!hash || !hash.startsWith(HASH_PREFIX)) return null;
  try {
    const bytes = await pipe(fromBase64Url(hash.slice(HASH_PREFIX.length)), new DecompressionStream('deflate-raw'));
    const o = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof o.v !== 'string') return null;
    return {
      values: o.v,
      preset: typeof o.p === 'string' ? o.p : 'custom',
      release: typeof o.r === 'string' ? o.r : '',
      namespace: typeof o.n === 'string' ? o.n : '',
    };
  } catch {
    return null;
  }
}

function readLocal() {
  try {
    const o = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    if (o && o.state && typeof o.state.values === 'string') return o;
  } catch {
    // storage unavailable or damaged: start fresh
  }
  return null;
}

/** Saves the state locally, with the URL hash the page shows right now. */
export function saveLocal(state, hash) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ state, hash: hash || '' }));
  } catch {
    // private mode or full storage: the URL still holds the state
  }
}

/**
 * The state to start from: a newly opened link, else the local state, else
 * `fallback`. Returns `{state, source}` with source 'link' | 'local' | 'new'.
 */
export async function initialState(fallback) {
  const hash = location.hash;
  const local = readLocal();
  if (hash && (!local || local.hash !== hash)) {
    const linked = await decodeHash(hash);
    if (linked) return { state: linked, source: 'link' };
  }
  if (local) return { state: { ...fallback, ...local.state }, source: 'local' };
  return { state: fallback, source: 'new' };
}
