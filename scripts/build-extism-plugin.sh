#!/usr/bin/env bash
# Builds the Helm 4 WebAssembly post-renderer plugin (runtime extism/v1):
#   1. the aac-extism crate for wasm32-unknown-unknown -> plugin.wasm
#      (imports only extism's kernel functions: no WASI, so no file, clock or
#      environment even though Helm's runtime offers WASI);
#   2. the plugin folder  target/helm-plugin-extism/aac-extism/  (plugin.yaml + plugin.wasm),
#      installable with:  helm plugin install target/helm-plugin-extism/aac-extism
#   3. the archive        target/helm-plugin-extism/aac-extism-<version>.tgz
#      (unsigned: helm plugin install ARCHIVE --verify=false, or sign it).
# Prints the folder's path. Helm 4.1.4 to 4.3.1 cannot run it yet (helm/helm#31832).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[build-extism-plugin] %s\n' "$*" >&2; }

TARGET=wasm32-unknown-unknown
if ! rustup target list --installed 2>/dev/null | grep -qx "${TARGET}"; then
  log "rustup target add ${TARGET}"
  rustup target add "${TARGET}" >&2
fi

log "cargo build -p aac-extism (${TARGET}, release, opt-level s)"
CARGO_PROFILE_RELEASE_OPT_LEVEL=s \
CARGO_PROFILE_RELEASE_LTO=true \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
CARGO_PROFILE_RELEASE_PANIC=abort \
  cargo build --quiet --locked --release -p aac-extism --lib \
    --target "${TARGET}" --target-dir target/extism >&2
WASM="target/extism/${TARGET}/release/aac_extism.wasm"

OUT="target/helm-plugin-extism"
NAME="$(sed -n 's/^name: *//p' host/helm-plugin-extism/plugin.yaml)"
VERSION="$(sed -n 's/^version: *//p' host/helm-plugin-extism/plugin.yaml)"
rm -rf "${OUT:?}/${NAME}"
mkdir -p "${OUT}/${NAME}"
cp host/helm-plugin-extism/plugin.yaml "${OUT}/${NAME}/plugin.yaml"
cp "${WASM}" "${OUT}/${NAME}/plugin.wasm"
tar -czf "${OUT}/${NAME}-${VERSION}.tgz" -C "${OUT}" "${NAME}"
log "plugin.wasm: $(wc -c <"${OUT}/${NAME}/plugin.wasm") bytes; archive ${OUT}/${NAME}-${VERSION}.tgz"
printf '%s\n' "$(pwd)/${OUT}/${NAME}"
