#!/usr/bin/env bash
# Tests the Helm 4 WebAssembly post-renderer plugin (aac-extism) under a real
# extism runtime (PyPI extism, .tools/extism-venv) and real Helm 4.1.4 / 4.3.1:
# scripts/test-extism-plugin.py says what is checked. Run scripts/install-tools.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

PLUGIN_DIR="$(scripts/build-extism-plugin.sh)"
# The reference: aac post-render's answer, computed natively (no wasmtime build).
cargo build --quiet --locked -p aac-extism --example post_render_reference
PYTHON=.tools/extism-venv/bin/python
[[ -x "${PYTHON}" ]] || { echo "${PYTHON} is missing: run scripts/install-tools.sh" >&2; exit 1; }
exec "${PYTHON}" scripts/test-extism-plugin.py "${PLUGIN_DIR}" target/debug/examples/post_render_reference
