#!/usr/bin/env bash
# The main job, on a fresh machine: build the playground and `aac`, render the
# chart's default values through `aac` (any `aac render` flags are passed on, e.g.
# `-f helm/ai-agent-connector/values-production.yaml`) into
# target/run/manifests.yaml, list the objects, then serve the playground on
# http://127.0.0.1:${AAC_PORT:-8080}/ until interrupted: its URL is the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-web.sh >&2
cargo build --release --locked -p aac >&2
mkdir -p target/run
OUT=target/run/manifests.yaml
target/release/aac render ai-agent-connector "$@" >"${OUT}"
# One line per object (`kind name`), then where the whole stream is.
awk '/^---/ { if (kind != "") print "  " kind " " name; kind = ""; name = ""; meta = 0; next }
     /^kind: / { kind = $2 }
     /^metadata:/ { meta = 1; next }
     meta && /^  name: / { name = $2; meta = 0 }
     /^[^ ]/ && !/^metadata:/ { meta = 0 }
     END { if (kind != "") print "  " kind " " name }' "${OUT}" >&2
echo "rendered $(grep -c "^kind: " "${OUT}") objects to ${OUT}" >&2
exec target/release/aac serve --port "${AAC_PORT:-8080}"
