#!/usr/bin/env bash
# Builds the values playground into web/dist (git-ignored): static files only.
#
#   1. aac-wasm with the `browser` feature for wasm32-unknown-unknown (opt-level s,
#      LTO, one codegen unit, panic=abort), in target/web/ so it never touches the
#      host's own module build. Measured on the production values (V8, median render):
#      opt-level z 5.5 ms / 201 KB gzip, s 2.6 ms / 224 KB, 2 2.1 ms / 259 KB, 3 2.0 ms /
#      263 KB: s renders twice as fast as z for 11% more bytes, well under 300 KB;
#   2. wasm-bindgen (the CLI at exactly the crate's version, installed into .tools/)
#      -> web/pkg, then wasm-opt -Os (npm binaryen);
#   3. esbuild bundles the page and its worker (web/build.mjs) -> web/dist: every file
#      but index.html named after its content, each with .br and .gz copies.
#
#   scripts/build-web.sh            builds web/dist
#   scripts/build-web.sh --bless    also copies it to host/playground, the committed copy
#                                   `cargo install --path host` embeds when web/dist is
#                                   missing (no npm needed there), its .br and .gz files
#                                   only; a test fails while the copy differs from a fresh
#                                   web/dist: bless, then commit it
#
# Installs what it needs on a fresh machine: the wasm32 target (rustup), the npm
# packages (npm ci, from web/package-lock.json), wasm-bindgen-cli (cargo install).
# Idempotent; prints the sizes at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
log() { printf '[build-web] %s\n' "$*" >&2; }
BLESS=0
case "${1:-}" in
  "") ;;
  --bless) BLESS=1 ;;
  *) echo "Error: unknown argument ${1} (usage: scripts/build-web.sh [--bless])" >&2; exit 2 ;;
esac

# ---- tools -----------------------------------------------------------------------
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate in Cargo.lock.
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [[ -z "${WBG_VERSION}" ]]; then
  log "wasm-bindgen is not in Cargo.lock: resolving aac-wasm's browser feature"
  cargo tree -p aac-wasm --features browser --target wasm32-unknown-unknown >/dev/null
  WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
fi
WBG="${ROOT}/.tools/bin/wasm-bindgen"
if [[ "$("${WBG}" --version 2>/dev/null || true)" != "wasm-bindgen ${WBG_VERSION}" ]]; then
  log "installing wasm-bindgen-cli ${WBG_VERSION} into .tools/ (a few minutes, once)"
  # --locked first; some registry mirrors lack a few of the CLI's locked dependency
  # versions (webpki-roots 1.0.11 for 0.2.130), so fall back to a fresh resolution.
  # cargo's own `error:` from the first try is kept aside, and shown only if the
  # retry fails too.
  LOCKED_LOG="$(mktemp)"
  if ! cargo install --quiet --root "${ROOT}/.tools" wasm-bindgen-cli --version "=${WBG_VERSION}" --locked 2>"${LOCKED_LOG}"; then
    log "cargo install --locked could not use the CLI's own Cargo.lock ($(grep -m1 '^error' "${LOCKED_LOG}" | cut -c1-160));"
    log "retrying without --locked (resolving its dependencies afresh; this is expected on some registry mirrors)"
    if ! cargo install --quiet --root "${ROOT}/.tools" wasm-bindgen-cli --version "=${WBG_VERSION}"; then
      log "installing wasm-bindgen-cli failed both ways; the --locked attempt said:"
      cat "${LOCKED_LOG}" >&2
      rm -f "${LOCKED_LOG}"
      exit 1
    fi
  fi
  rm -f "${LOCKED_LOG}"
fi

# npm packages (CodeMirror, esbuild, binaryen, playwright-core), exactly as locked.
STAMP="web/node_modules/.package-lock.json"
if [[ ! -f "${STAMP}" || web/package-lock.json -nt "${STAMP}" ]]; then
  log "npm ci in web/"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

# ---- 1. the wasm build -------------------------------------------------------------
# The module's memory may not grow past 256 MiB (as `aac --max-memory`): an input
# that needed more would trap the worker, which the page replaces (src/main.js).
# aac-core needs under 60 MiB for any input it reads (docs/hostile-input.md).
# Two modules: `browser` (render, the first visit) and `explain` (render and
# provenance, fetched when the user first points at a line), each in its own
# target dir so that neither build overwrites the other.
build_module() { # FEATURES TARGET_DIR OUT_DIR
  local features="$1" target_dir="$2" out="$3"
  log "cargo rustc -p aac-wasm --features ${features} (wasm32, opt-level s, memory <= 256 MiB)"
  CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
  CARGO_PROFILE_RELEASE_LTO=true \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
  CARGO_PROFILE_RELEASE_PANIC=abort \
    cargo rustc --quiet --locked --release -p aac-wasm --lib --features "${features}" \
      --target wasm32-unknown-unknown --target-dir "${target_dir}" \
      -- -C link-arg=--max-memory=268435456
  local wasm="${target_dir}/wasm32-unknown-unknown/release/aac_wasm.wasm"
  # wasm-bindgen + wasm-opt, skipped when the module did not change.
  local stamp="${out}/.built-from"
  local sum
  sum="$(sha256sum "${wasm}" | cut -d' ' -f1) wasm-bindgen ${WBG_VERSION} wasm-opt -Os"
  if [[ ! -f "${out}/aac_wasm_bg.wasm" || "$(cat "${stamp}" 2>/dev/null)" != "${sum}" ]]; then
    rm -rf "${out}"
    "${WBG}" --target web --no-typescript --out-dir "${out}" "${wasm}"
    # The features rustc enables by default for wasm32-unknown-unknown.
    web/node_modules/.bin/wasm-opt -Os --strip-debug --strip-producers \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "${out}/aac_wasm_bg.wasm" -o "${out}/aac_wasm_bg.opt.wasm"
    mv "${out}/aac_wasm_bg.opt.wasm" "${out}/aac_wasm_bg.wasm"
    printf '%s\n' "${sum}" >"${stamp}"
  fi
}
build_module browser target/web web/pkg
build_module explain target/web-explain web/pkg-explain

# ---- 3. the page ---------------------------------------------------------------------
(cd web && node build.mjs)

wasm=(web/dist/aac_wasm_bg-*.wasm)
raw=$(wc -c <"${wasm[0]}")
gz=$(wc -c <"${wasm[0]}.gz")
br=0; for f in web/dist/*.br; do br=$((br + $(wc -c <"$f"))); done
js=0; for f in web/dist/*.js; do js=$((js + $(wc -c <"$f.gz"))); done
printf '[build-web] web/dist ready: wasm %d KB raw, %d KB gzip; JS %d KB gzip; everything %d KB brotli\n' \
  $((raw / 1024)) $((gz / 1024)) $((js / 1024)) $((br / 1024)) >&2

if [[ "${BLESS}" == 1 ]]; then
  # Each file as `aac serve` sends it: X.br and X.gz, X itself only where it has
  # no .gz (host/build_web.rs unpacks X from X.gz when it builds aac).
  rm -rf host/playground
  cp -R web/dist host/playground
  for gz in host/playground/*.gz; do rm -f "${gz%.gz}"; done
  log "blessed: host/playground is now web/dist as served, compressed (commit it)"
fi
