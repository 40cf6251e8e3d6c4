#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs every tool it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh

# One build from a clean clone gains nothing from incremental caches (3 GB of them).
export CARGO_INCREMENTAL=0

# aac's build.rs compiles the core for wasm32-unknown-unknown (it adds the target
# itself when missing; doing it here keeps that out of the build log).
rustup target add wasm32-unknown-unknown

# Before any cargo build: `aac` embeds web/dist (aac serve), the browser test drives it.
echo "== web playground (scripts/build-web.sh)"
scripts/build-web.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo clippy -D warnings (the renderer module, wasm32)"
cargo clippy -p aac-wasm --target wasm32-unknown-unknown --locked -- -D warnings
echo "== cargo clippy -D warnings (the Helm 4 extism plugin, wasm32)"
cargo clippy -p aac-extism --target wasm32-unknown-unknown --locked -- -D warnings
echo "== the playground's wasm adapter (aac-wasm --features browser, and explain), also for wasm32"
cargo clippy -p aac-wasm --features browser --target wasm32-unknown-unknown --target-dir target/web --locked -- -D warnings
cargo clippy -p aac-wasm --features explain --target wasm32-unknown-unknown --target-dir target/web-explain --locked -- -D warnings
cargo test -p aac-wasm --features explain --locked browser
echo "== cargo test"
cargo test --workspace --locked --no-fail-fast
echo "== the container image (hadolint, podman build, its /aac run in a chroot of the mounted image)"
scripts/test-image.sh
echo "== the Helm 4 WebAssembly plugin (extism/v1): extism runtime and real Helm 4"
scripts/test-extism-plugin.sh
echo "== the core's tests on wasm32-wasip1, under wasmtime"
scripts/test-core-wasi.sh
echo "== fuzz: 60 s per target (values loader, --set parser, render, post-render)"
scripts/fuzz.sh 60
