#!/usr/bin/env bash
# Writes docs/hostile-input.md: each hostile input of issue 6 (the cases of
# tests/src/hostile.rs), what `aac render`, `aac post-render`, the browser build,
# Helm 3 and Helm 4 answer, with the wall time and peak memory of each run.
#
#   scripts/hostile-table.sh [--browser FILE] [OUTPUT]
#
# OUTPUT defaults to docs/hostile-input.md. Runs the release build of `aac` (built
# here), `.tools/bin/helm3` and `helm4` (scripts/install-tools.sh) and measures
# each run with scripts/measure.py (wall time; peak resident memory from wait4).
# The browser column: web/tests/hostile.mjs on the playground (scripts/build-web.sh,
# Debian's Chromium), or FILE when given (the hostile.tsv it writes: name, answer,
# seconds, renderer peak MiB, WebAssembly memory MiB).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

BROWSER=""
OUTPUT="docs/hostile-input.md"
while [ "$#" -gt 0 ]; do
  case "$1" in
    --browser) BROWSER="$2"; shift 2 ;;
    *) OUTPUT="$1"; shift ;;
  esac
done

log() { printf '[hostile-table] %s\n' "$*" >&2; }

for helm in helm3 helm4; do
  [ -x ".tools/bin/${helm}" ] || { log ".tools/bin/${helm} is missing: run scripts/install-tools.sh"; exit 1; }
done

log "building aac (release) and the input writer"
cargo build --release --locked -p aac --bin aac >&2
cargo build --locked -p aac-tests --bin hostile_inputs >&2
AAC="${ROOT}/target/release/aac"

WORK="${ROOT}/target/hostile-table"
rm -rf "${WORK}"
mkdir -p "${WORK}/inputs" "${WORK}/runs"
log "writing the inputs to ${WORK}/inputs"
"${ROOT}/target/debug/hostile_inputs" "${WORK}/inputs"

# Each Helm with an isolated home, as the tests run it.
helm_command() {
  local home="${ROOT}/target/helm-home/$1"
  HELM_COMMAND=(env -u KUBECONFIG -u HELM_NAMESPACE
    "HELM_CONFIG_HOME=${home}/config" "HELM_CACHE_HOME=${home}/cache"
    "HELM_DATA_HOME=${home}/data" "HELM_PLUGINS=${home}/plugins"
    "${ROOT}/.tools/bin/$1")
}
helm_command helm3
HELM3=("${HELM_COMMAND[@]}")
helm_command helm4
HELM4=("${HELM_COMMAND[@]}")
AAC_COMMAND=(env -u AAC_MAX_MEMORY -u AAC_TIMEOUT -u AAC_ERROR_FILE -u HELM_PLUGIN_NAME
  -u HELM_PLUGIN_DIR "${AAC}")

# measure NAME TOOL STDIN -- COMMAND...: one run; the result in runs/NAME.TOOL.*
measure() {
  local name="$1" tool="$2" stdin="$3"
  shift 4
  local base="${WORK}/runs/${name}.${tool}"
  MEASURE_TIMEOUT="${MEASURE_TIMEOUT:-180}" python3 "${ROOT}/scripts/measure.py" \
    "${stdin}" "${base}.stdout" "${base}.stderr" -- "$@" >"${base}.json"
  # Keep only the size of a big stdout.
  if [ "$(stat -c %s "${base}.stdout")" -gt 65536 ]; then
    head -c 65536 "${base}.stdout" >"${base}.stdout.head" && mv "${base}.stdout.head" "${base}.stdout"
  fi
}

CHART="${ROOT}/helm/ai-agent-connector"
while IFS=$'\t' read -r name what render post; do
  values="${WORK}/inputs/${name}.values.yaml"
  stream="${WORK}/inputs/${name}.stream.yaml"
  if [ -f "${values}" ]; then
    log "${name}: aac render, helm3, helm4"
    measure "${name}" render - -- "${AAC_COMMAND[@]}" render demo -f "${values}"
    measure "${name}" helm3 - -- "${HELM3[@]}" template demo "${CHART}" -f "${values}"
    measure "${name}" helm4 - -- "${HELM4[@]}" template demo "${CHART}" -f "${values}"
  fi
  if [ -f "${stream}" ]; then
    log "${name}: aac post-render"
    measure "${name}" post-render "${stream}" -- "${AAC_COMMAND[@]}" post-render
  fi
done <"${WORK}/inputs/cases.tsv"

if [ -z "${BROWSER}" ]; then
  log "the browser build: web/tests/hostile.mjs in Chromium"
  bash scripts/build-web.sh
  # A failed input is a ❌ in the table (and a failure of cargo test): keep going.
  node web/tests/hostile.mjs "${WORK}/inputs" "${WORK}/browser" >&2 ||
    log "web/tests/hostile.mjs: some inputs failed (see the table)"
  BROWSER="${WORK}/browser/hostile.tsv"
fi

log "writing ${OUTPUT}"
mkdir -p "$(dirname "${OUTPUT}")"
python3 - "${WORK}" "${OUTPUT}" "${BROWSER}" "$("${AAC}" version 2>/dev/null | head -1)" \
  "$(.tools/bin/helm3 version --short 2>/dev/null)" "$(.tools/bin/helm4 version --short 2>/dev/null)" <<'PY'
import json
import os
import platform
import sys

work, output, browser_file, aac_version, helm3_version, helm4_version = sys.argv[1:7]
inputs = os.path.join(work, "inputs")
runs = os.path.join(work, "runs")

browser = {}
if browser_file:
    with open(browser_file, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and not line.startswith("#"):
                browser[parts[0]] = parts[1:]


def cell_text(text):
    return text.replace("|", "\\|").replace("\n", " ")


def first_line(path, limit=160):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except FileNotFoundError:
        return ""
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    if not lines:
        return ""
    line = lines[0]
    for prefix in ("Error: ", "aac post-render: "):
        while line.startswith(prefix):
            line = line[len(prefix):]
    # Long paths of the scratch folder say nothing: keep the file name.
    line = line.replace(inputs + "/", "")
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return line


def size_of(path):
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def run_cell(name, tool, expect):
    base = os.path.join(runs, f"{name}.{tool}")
    if not os.path.exists(base + ".json"):
        return "—"
    with open(base + ".json") as f:
        m = json.load(f)
    cost = f"{m['seconds']:.2f} s, {m['max_rss_kib'] / 1024:.0f} MiB"
    if m["signal"] is not None:
        answer = f"**killed** (signal {m['signal']}) after the time limit"
    elif m["exit"] == 0:
        warning = first_line(base + ".stderr")
        answer = f"rendered ({m['stdout_bytes']:,} bytes)"
        if warning:
            answer += f", warns: `{cell_text(warning)}`"
    else:
        answer = f"exit {m['exit']}: `{cell_text(first_line(base + '.stderr'))}`"
        if m["stdout_bytes"]:
            answer += f" (**{m['stdout_bytes']:,} bytes on stdout**)"
    verdict = ""
    if expect.startswith("refused:"):
        ok = m["exit"] not in (0, None) and m["stdout_bytes"] == 0 and expect[8:] in open(
            base + ".stderr", encoding="utf-8", errors="replace").read()
        verdict = "✅ " if ok else "❌ "
    elif expect.startswith("warns:"):
        ok = m["exit"] == 0 and expect[6:] in open(
            base + ".stderr", encoding="utf-8", errors="replace").read()
        verdict = "✅ " if ok else "❌ "
    return f"{verdict}{answer}<br>*{cost}*"


def browser_cell(name):
    if name not in browser:
        return "—"
    answer, seconds, peak, wasm = (browser[name] + ["", "", "", ""])[:4]
    cost = f"<br>*{seconds} s, {peak} MiB (WebAssembly {wasm} MiB)*" if seconds else ""
    return f"{cell_text(answer)}{cost}"


rows = []
with open(os.path.join(inputs, "cases.tsv"), encoding="utf-8") as f:
    for line in f:
        name, what, render, post = line.rstrip("\n").split("\t")
        values_size = size_of(os.path.join(inputs, f"{name}.values.yaml"))
        stream_size = size_of(os.path.join(inputs, f"{name}.stream.yaml"))
        sizes = []
        if values_size:
            sizes.append(f"values {values_size:,} B")
        if stream_size:
            sizes.append(f"stream {stream_size:,} B")
        rows.append(
            "| "
            + " | ".join(
                [
                    f"**{name}**: {cell_text(what)} ({', '.join(sizes)})",
                    run_cell(name, "render", render),
                    run_cell(name, "post-render", post),
                    browser_cell(name),
                    run_cell(name, "helm3", ""),
                    run_cell(name, "helm4", ""),
                ]
            )
            + " |"
        )

cpu = ""
try:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
except OSError:
    pass

doc = f"""# Hostile input: what each tool answers

Generated by `scripts/hostile-table.sh`; do not edit by hand. Rerun it after a
change (it builds `aac` in release mode, needs `scripts/install-tools.sh`'s Helm 3
and Helm 4, and takes a few minutes, most of it Helm on the 60 MB file).

The inputs are the cases of `tests/src/hostile.rs`; `tests/tests/hostile.rs` checks
the same cases on every test run (core, `aac render`, `aac post-render`, and
the browser build in `tests/tests/browser.rs`: refused
with a clear message, non-zero exit, nothing on stdout, within seconds and bounded
memory). Each cell: the answer (✅ when it is what the issue asks for, ❌ when not
yet: `tests/tests/hostile.rs` fails on the same), then the
wall time and peak resident memory of the whole process (scripts/measure.py, from
wait4's rusage). `aac render -f FILE`, `helm template demo CHART -f FILE`, and `aac
post-render < STREAM` (a Helm 3 stream whose RenderRequest carries the input).

The browser build is the playground (`web/dist`: aac-core as WebAssembly in a
worker) in headless Chromium, driven by `web/tests/hostile.mjs` (checked on every
test run by `tests/tests/browser.rs`): each values file opened with "Open file…"
as a user opens one, and two inputs pasted into the editor as well. ✅ means the
page says why (the message, with the path or the line), and loses nothing: a
refused file or paste leaves the editor as it was; values that do not render leave
the last good manifests on screen, marked stale, with nothing to download. Time:
from choosing the file (or pasting) to the answer on screen. Memory: the peak
resident memory of the tab's renderer process (the page with its editor, the
worker; about 175 MiB before any input), and the worker's WebAssembly memory
(aac-core's heap, which never shrinks: its peak). The RenderRequest cases are
post-renderer input; the browser build has no post-renderer (—).

Limits behind the answers (aac-core):

- values nested more than 1000 levels deep are refused (`MAX_DEPTH`; go-yaml stops
  at 10000, the core stops earlier so that no recursive walk can exhaust a
  WebAssembly stack);
- go-yaml v2's alias-ratio check ("document contains excessive aliasing"), as in
  Helm, so alias bombs are refused before they are expanded;
- values over 4 MiB are refused (`MAX_VALUES_BYTES`: each values file, `--set`
  expression, `--set-file` file, RenderRequest values, and all of them together):
  Kubernetes stores no object over 1 MiB and Helm keeps a whole release in one
  Secret of at most 1 MiB, so such values never deploy; Helm itself has no limit
  (see the huge-60mb row: seconds and most of a GiB, then it prints 60 MB);
- rendered objects over 1 MiB, and annotations over 256 KiB in all, are refused
  (`limits::MAX_OBJECT_BYTES`, `MAX_ANNOTATIONS_BYTES`): the API server would
  refuse them at install time, after the objects before them were applied.
  `helm template` prints them; `helm install` fails at the API server;
- `aac` runs the renderer in a sandbox capped at 256 MiB of memory and 10 s
  (`--max-memory`, `--timeout`). The playground's module cannot grow its memory
  past 256 MiB (its declared maximum), the page stops a worker that takes over
  10 s on one request and starts a fresh one, and it refuses a file or a paste
  over 4 MiB before reading it.

Machine: {platform.machine()}, {os.cpu_count()} cores{', ' + cpu if cpu else ''}.
Versions: {aac_version or 'aac'}; Helm {helm3_version}; Helm {helm4_version}.

| Input | `aac render` | `aac post-render` | browser build | Helm 3 | Helm 4 |
|---|---|---|---|---|---|
""" + "\n".join(rows) + "\n"

with open(output, "w", encoding="utf-8") as f:
    f.write(doc)
PY
log "done: ${OUTPUT}"
