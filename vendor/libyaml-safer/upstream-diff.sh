#!/usr/bin/env bash
# Every line that differs from libyaml-safer 0.3.0 (white space ignored): see PATCHES.md.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
curl -fsSL -o "${tmp}/upstream.crate" \
  https://static.crates.io/crates/libyaml-safer/libyaml-safer-0.3.0.crate
tar -xzf "${tmp}/upstream.crate" -C "${tmp}"
diff -ruwB "${tmp}/libyaml-safer-0.3.0/src" "${here}/src" || true
