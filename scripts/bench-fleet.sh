#!/usr/bin/env bash
# Many releases: releases per second three ways, from one run, each writing
# every release's files as `helm template --output-dir` lays them out:
#   1. a loop of `helm template NAME chart -n NS --set ... --output-dir DIR/NS/NAME` (Helm 4.3.1),
#   2. a loop of `aac render` with the same flags (one process, engine and module per release),
#   3. one `aac render --releases releases.yaml --output-dir DIR` (one engine and
#      module for all, one thread per core; best of 3 runs).
# The releases are the chart's default values with their own image tag, in ten
# namespaces. The loops render fewer releases (they are slow); the rate is what counts.
#
#   scripts/bench-fleet.sh [RELEASES] [LOOP_RELEASES]    (default 2000 and 100)
#
# OUT_DIR=/dev/shm/x puts the output on another filesystem (default target/bench-fleet:
# creating ~9 files and folders per release is a good part of the cost on disk).
# The machine's load is printed with the numbers: other work on a shared machine
# lowers them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
source scripts/env.sh
RELEASES="${1:-2000}"
LOOP="${2:-100}"

bench_build
HELM="$BIN/helm4.3"

WORK="${OUT_DIR:-$ROOT/target/bench-fleet}"
rm -rf "$WORK"
mkdir -p "$WORK"
isolate_helm "$WORK/helm"

{
  echo "releases:"
  for ((i = 0; i < RELEASES; i++)); do
    printf '  - name: agent-%d\n    namespace: ns-%d\n    set: ["image.tag=1.%d.0"]\n' "$i" $((i % 10)) "$i"
  done
} >"$WORK/releases.yaml"

now() { date +%s%N; }
# rate COUNT START_NS END_NS -> releases per second
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { s = (b - a) / 1e9; printf "%8.1f releases/s  (%d in %.2f s)", n / s, n, s }'; }

cores="$(nproc)"
echo "machine: $cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; output under $WORK"

start="$(now)"
for ((i = 0; i < LOOP; i++)); do
  "$HELM" template "agent-$i" "$CHART" -n "ns-$((i % 10))" --set "image.tag=1.$i.0" \
    --output-dir "$WORK/helm-loop/ns-$((i % 10))/agent-$i" >/dev/null
done
end="$(now)"
printf '%-44s %s\n' "loop of helm template (helm 4.3.1)" "$(rate "$LOOP" "$start" "$end")"

start="$(now)"
for ((i = 0; i < LOOP; i++)); do
  "$AAC" render "agent-$i" -n "ns-$((i % 10))" --set "image.tag=1.$i.0" \
    --output-dir "$WORK/aac-loop/ns-$((i % 10))/agent-$i" >/dev/null
done
end="$(now)"
printf '%-44s %s\n' "loop of aac render" "$(rate "$LOOP" "$start" "$end")"

# The loops' releases must be the batch's: check a few byte for byte below.
best=""
for run in 1 2 3; do
  start="$(now)"
  "$AAC" render --releases "$WORK/releases.yaml" --output-dir "$WORK/batch" >/dev/null
  end="$(now)"
  ns=$((end - start))
  if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then best="$ns"; fi
done
printf '%-44s %s\n' "aac render --releases (best of 3)" "$(rate "$RELEASES" 0 "$best")"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

for i in 0 $((LOOP / 2)) $((LOOP - 1)); do
  d="ns-$((i % 10))/agent-$i"
  diff -r "$WORK/helm-loop/$d" "$WORK/batch/$d" >/dev/null || { echo "batch output of $d differs from helm template's" >&2; exit 1; }
  diff -r "$WORK/aac-loop/$d" "$WORK/batch/$d" >/dev/null || { echo "batch output of $d differs from aac render's" >&2; exit 1; }
done
echo "checked: agent-0, agent-$((LOOP / 2)), agent-$((LOOP - 1)) are byte for byte the same three ways"
