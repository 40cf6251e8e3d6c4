// Bundles the playground into web/dist (git-ignored): index.html, style.css,
// main.js (the page), editor.js (CodeMirror), worker.js (the renderer's glue),
// aac_wasm_bg.wasm (aac-core, built by scripts/build-web.sh into web/pkg) and
// aac_wasm_explain_bg.wasm (aac-core with provenance, web/pkg-explain); every
// file but index.html named after its content (`main-HASH.js`), and each with
// precompressed `.br` and `.gz` copies.
// The chart's values files are bundled as text: they are the presets.
//
//   node build.mjs            (scripts/build-web.sh runs it after the wasm build)

import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const pkg = join(here, 'pkg');

statSync(join(pkg, 'aac_wasm_bg.wasm')); // fails clearly when the wasm build is missing
statSync(join(here, 'pkg-explain', 'aac_wasm_bg.wasm'));

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  minify: process.env.AAC_WEB_DEBUG !== "1",
  target: ['es2022'],
  loader: { '.yaml': 'text' },
  legalComments: 'none',
  logLevel: 'warning',
};

// Every file but index.html is named after its content (`name-HASH.ext`, as
// esbuild names chunks), so a server can let browsers keep them for a year
// (`aac serve` does: Cache-Control immutable) and only index.html is revalidated.
const hashOf = (bytes) => createHash('sha256').update(bytes).digest('base64url').replace(/[-_]/g, '').slice(0, 8).toUpperCase();
function emit(name, bytes) {
  const dot = name.lastIndexOf('.');
  const hashed = `${name.slice(0, dot)}-${hashOf(bytes)}${name.slice(dot)}`;
  writeFileSync(join(dist, hashed), bytes);
  return hashed;
}

// The wasm first: the worker and boot.js name it.
const wasmName = emit('aac_wasm_bg.wasm', readFileSync(join(pkg, 'aac_wasm_bg.wasm')));
// The module with provenance (`explain`), which the worker fetches on first use.
const explainWasmName = emit('aac_wasm_explain_bg.wasm', readFileSync(join(here, 'pkg-explain', 'aac_wasm_bg.wasm')));
// The page: main.js, and CodeMirror (editor.js) as a chunk loaded in parallel.
await build({
  ...common,
  entryPoints: { main: join(here, 'src/main.js') },
  outdir: dist,
  format: 'esm',
  splitting: true,
  entryNames: '[name]-[hash]',
  chunkNames: '[name]-[hash]',
});
const worker = await build({ ...common, entryPoints: [join(here, 'src/worker.js')], write: false, format: 'iife',
  // wasm-bindgen's default wasm URL; the worker passes its own, but keep the bundle honest.
  define: { 'import.meta.url': 'self.location.href', AAC_WASM_URL: JSON.stringify(wasmName), AAC_EXPLAIN_WASM_URL: JSON.stringify(explainWasmName) } });
const workerName = emit('worker.js', worker.outputFiles[0].contents);
const boot = readFileSync(join(here, 'boot.js'), 'utf8').replace("'aac_wasm_bg.wasm'", `'${wasmName}'`).replace("'worker.js'", `'${workerName}'`);
const bootName = emit('boot.js', boot);
const style = await build({ ...common, entryPoints: [join(here, 'style.css')], write: false, bundle: false });
const styleName = emit('style.css', style.outputFiles[0].contents);

const files = readdirSync(dist);
const mainName = files.find((f) => /^main-.*\.js$/.test(f));
// index.html preloads the CodeMirror chunk and the chunks it shares with the
// schema support (which loads when the editor is first used: not preloaded).
const preloaded = files.filter((f) => /^(editor|chunk)-.*\.js$/.test(f)).sort();
const preload = preloaded.map((f) => `<link rel="modulepreload" href="${f}">`).join('\n  ');
const html = readFileSync(join(here, 'index.html'), 'utf8')
  .replace('<!-- modulepreload -->', preload)
  .replace('src="boot.js"', `src="${bootName}"`)
  .replace('href="style.css"', `href="${styleName}"`)
  .replace('src="main.js"', `src="${mainName}"`);
for (const name of [bootName, styleName, mainName]) {
  if (!html.includes(`"${name}"`)) throw new Error(`index.html does not name ${name}`);
}
writeFileSync(join(dist, 'index.html'), html);

// Precompressed copies for servers that send them as they are (`aac serve`):
// `X.br` (brotli, best) and `X.gz` (gzip -9), kept only when smaller.
for (const f of readdirSync(dist).sort()) {
  const bytes = readFileSync(join(dist, f));
  const br = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
  const gz = gzipSync(bytes, { level: 9 });
  if (br.length < bytes.length) writeFileSync(join(dist, `${f}.br`), br);
  if (gz.length < bytes.length) writeFileSync(join(dist, `${f}.gz`), gz);
}

for (const f of readdirSync(dist).sort()) {
  console.log(`web/dist/${f.padEnd(30)} ${String(statSync(join(dist, f)).size).padStart(8)} bytes`);
}
