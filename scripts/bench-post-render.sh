#!/usr/bin/env bash
# What a post-renderer costs, from one run: `helm template` of the chart alone,
# then with `cat` (the floor: any post-renderer pays for a process and a pipe),
# `aac post-render` (engine wasm: the chart renders only its RenderRequest) and
# `kubectl kustomize` (a common post-renderer, through a wrapper that reads
# stdin), each as a ratio to `helm template` alone. Helm 3.17.3 runs them all
# (its --post-renderer takes a path); Helm 4 rows show the aac plugin too.
#
#   scripts/bench-post-render.sh [RUNS]     (default 30 runs per command)
#
# Uses hyperfine (installed from Debian's packages when possible), else a
# `date +%s%N` loop. Builds `aac` in release mode first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
RUNS="${1:-30}"

bench_build
HELM3="$BIN/helm3"
HELM4="$BIN/helm4"
KUBECTL="$BIN/kubectl"
bench_scratch bench-post-render

# kustomize as a post-renderer: the manifests on stdin become a resource file.
cat >"$WORK/kustomize.sh" <<SH
#!/usr/bin/env bash
set -euo pipefail
dir="\$(mktemp -d)"
trap 'rm -rf "\$dir"' EXIT
cat >"\$dir/all.yaml"
printf 'resources:\n  - all.yaml\ncommonLabels:\n  bench: kustomize\n' >"\$dir/kustomization.yaml"
exec "$KUBECTL" kustomize "\$dir"
SH
chmod +x "$WORK/kustomize.sh"
"$AAC" plugin install --plugins-dir "$HELM_PLUGINS" >/dev/null

install_hyperfine

names=(
  "helm3 template (engine helm)"
  "helm3 + cat"
  "helm3 + aac post-render (engine wasm)"
  "helm3 + kubectl kustomize"
  "helm4 template (engine helm)"
  "helm4 + aac plugin (engine wasm)"
  "aac render (no Helm)"
)
cmds=(
  "$HELM3 template bench $CHART"
  "$HELM3 template bench $CHART --post-renderer cat"
  "$HELM3 template bench $CHART --set renderer.engine=wasm --post-renderer $AAC --post-renderer-args post-render"
  "$HELM3 template bench $CHART --post-renderer $WORK/kustomize.sh"
  "$HELM4 template bench $CHART"
  "$HELM4 template bench $CHART --set renderer.engine=wasm --post-renderer aac"
  "$AAC render bench"
)

# Every command must work before it is timed.
for i in "${!cmds[@]}"; do
  if ! bash -c "${cmds[$i]}" >/dev/null 2>"$WORK/err"; then
    echo "FAILED: ${names[$i]}: ${cmds[$i]}" >&2
    cat "$WORK/err" >&2
    exit 1
  fi
done

# Per command: median wall time and mean CPU time (user + system, children
# included), in ms. The median and the CPU time hold up better than the mean
# on a machine shared with other work.
results=()
if command -v hyperfine >/dev/null 2>&1; then
  tool="hyperfine $(hyperfine --version | awk '{print $2}'), $RUNS runs, 3 warmup"
  args=()
  for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
  hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$WORK/h.json" "${args[@]}" >/dev/null 2>&1
  mapfile -t results < <(python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(r["median"] * 1000, (r["user"] + r["system"]) * 1000)
' "$WORK/h.json")
else
  tool="date +%s%N loop, $RUNS runs, 3 warmup (CPU time not measured)"
  for i in "${!cmds[@]}"; do
    for _ in 1 2 3; do bash -c "${cmds[$i]}" >/dev/null; done
    : >"$WORK/times"
    for _ in $(seq "$RUNS"); do
      start=$(date +%s%N)
      bash -c "${cmds[$i]}" >/dev/null
      end=$(date +%s%N)
      echo $(((end - start) / 1000)) >>"$WORK/times"
    done
    results+=("$(python3 -c 'import statistics, sys; print(statistics.median(float(l) for l in open(sys.argv[1])) / 1000, "nan")' "$WORK/times")")
  done
fi

echo "post-renderer cost, ai-agent-connector chart defaults ($tool)"
python3 - "${names[@]}" -- "${results[@]}" <<'PY'
import sys
args = sys.argv[1:]
sep = args.index("--")
names = args[:sep]
rows = [tuple(float(x) for x in r.split()) for r in args[sep + 1:]]
base = {"helm3": rows[0], "helm4": rows[4]}
print(f"{'command':<40} {'median ms':>9} {'ratio':>6}   {'CPU ms':>7} {'ratio':>6}")
for name, (wall, cpu) in zip(names, rows):
    against = "helm4" if name.startswith("helm4") else "helm3"
    bw, bc = base[against]
    print(f"{name:<40} {wall:9.1f} {wall / bw:5.2f}x   {cpu:7.1f} {cpu / bc:5.2f}x   vs {against} template alone")
PY
