#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs every tool it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-tools.sh

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --workspace --locked
