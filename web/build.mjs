// Bundles the playground into web/dist (git-ignored): index.html, style.css,
// main.js (the page, with CodeMirror), worker.js (the renderer's glue) and
// aac_wasm_bg.wasm (aac-core, built by scripts/build-web.sh into web/pkg).
// The chart's values files are bundled as text: they are the presets.
//
//   node build.mjs            (scripts/build-web.sh runs it after the wasm build)

import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const pkg = join(here, 'pkg');

statSync(join(pkg, 'aac_wasm_bg.wasm')); // fails clearly when the wasm build is missing

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
// The page: main.js, and CodeMirror (editor.js) as a chunk loaded in parallel.
await build({
  ...common,
  entryPoints: { main: join(here, 'src/main.js') },
  outdir: dist,
  format: 'esm',
  splitting: true,
  chunkNames: '[name]-[hash]',
});
await build({ ...common, entryPoints: [join(here, 'src/worker.js')], outfile: join(dist, 'worker.js'), format: 'iife',
  // wasm-bindgen's default wasm URL; the worker passes its own, but keep the bundle honest.
  define: { 'import.meta.url': 'self.location.href' } });

for (const f of ['style.css', 'boot.js']) copyFileSync(join(here, f), join(dist, f));
// index.html preloads the CodeMirror chunk (its name carries a content hash).
const chunk = readdirSync(dist).find((f) => /^editor-.*\.js$/.test(f));
const html = readFileSync(join(here, 'index.html'), 'utf8');
const preload = chunk ? `<link rel="modulepreload" href="${chunk}">` : '';
writeFileSync(join(dist, 'index.html'), html.replace('<!-- modulepreload -->', preload));
copyFileSync(join(pkg, 'aac_wasm_bg.wasm'), join(dist, 'aac_wasm_bg.wasm'));

for (const f of readdirSync(dist).sort()) {
  console.log(`web/dist/${f.padEnd(22)} ${String(statSync(join(dist, f)).size).padStart(8)} bytes`);
}
