#!/usr/bin/env bash
# The main job: render the chart's default values (today through Helm; the `aac`
# renderer replaces this step once it exists). Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-tools.sh >&2
exec .tools/bin/helm4 template ai-agent-connector helm/ai-agent-connector "$@"
