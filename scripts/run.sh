#!/usr/bin/env bash
# The main job, on a fresh machine: build the playground and `aac`, render the
# chart's default values through `aac` (any `aac render` flags are passed on, e.g.
# `-f helm/ai-agent-connector/values-production.yaml`), then serve the playground
# on http://127.0.0.1:${AAC_PORT:-8080}/ until interrupted.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-web.sh >&2
cargo build --release --locked -p aac >&2
target/release/aac render ai-agent-connector "$@"
echo "playground: http://127.0.0.1:${AAC_PORT:-8080}/ (Ctrl-C to stop)" >&2
exec target/release/aac serve --port "${AAC_PORT:-8080}"
