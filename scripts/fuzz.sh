#!/usr/bin/env bash
# Short coverage-guided fuzz run of aac-core (cargo fuzz / libFuzzer) over every
# target in fuzz/fuzz_targets, each starting from its committed seeds in
# fuzz/corpus/<target>/ (inputs written for the fuzzer: edge cases, regressions)
# and from the repository's own inputs, copied at run time into
# fuzz/target/seeds/<target>/ so they are never stale copies:
#   values_loader, render: the chart's values files (values*.yaml, ci/*.yaml),
#     the parity corpus (tests/corpus/*.yaml) and the values files Helm refuses
#     (core/tests/golden/refused/*.yaml);
#   post_render: the golden `helm template` streams (core/tests/golden/*/**.out).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 60). Targets run FUZZ_JOBS at a time (default: the
# number of cores). Exits non-zero when a target crashes (panic, sanitizer report,
# timeout or out-of-memory); the input is kept in fuzz/artifacts/<target>/ and the
# script prints how to replay it. Turn every finding into a regression test in
# core's tests, then fix it.
#
# Runs on the stable toolchain: cargo fuzz needs nightly-only flags
# (-Zsanitizer=address), which RUSTC_BOOTSTRAP=1 unlocks on stable. cargo-fuzz
# itself is installed into .tools/ (git-ignored) at a pinned version.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

SECONDS_PER_TARGET="${1:-60}"
shift || true
CARGO_FUZZ_VERSION="0.13.2"
JOBS="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}"
# libFuzzer limits: an input that takes longer than this, or a process that
# grows past this, is a finding.
TIMEOUT_S="${FUZZ_TIMEOUT:-10}"
RSS_LIMIT_MB="${FUZZ_RSS_LIMIT_MB:-2048}"

export RUSTC_BOOTSTRAP=1
export PATH="${ROOT}/.tools/bin:${PATH}"

log() { printf '[fuzz] %s\n' "$*" >&2; }

if ! cargo fuzz --version 2>/dev/null | grep -q "${CARGO_FUZZ_VERSION}"; then
  log "installing cargo-fuzz ${CARGO_FUZZ_VERSION} into .tools/"
  cargo install --locked --root "${ROOT}/.tools" cargo-fuzz --version "${CARGO_FUZZ_VERSION}"
fi

cd fuzz
if [ "$#" -gt 0 ]; then
  TARGETS=("$@")
else
  mapfile -t TARGETS < <(cargo fuzz list)
fi

start=$(date +%s)
log "building ${TARGETS[*]}"
cargo fuzz build 2>&1 | { grep -v '^ *Compiling ' || true; } >&2
built=$(date +%s)
log "built in $((built - start)) s"

# The run-time seeds of target $1 (fuzz/target/seeds/<t>, made anew each run):
# copies of files the repository keeps for other reasons, named after them.
copy_seeds() {
  local t="$1" dir="target/seeds/$1" f rel
  rm -rf "${dir}"
  mkdir -p "${dir}"
  case "${t}" in
    values_loader | render)
      for f in ../helm/ai-agent-connector/values*.yaml ../helm/ai-agent-connector/ci/*.yaml; do
        cp "${f}" "${dir}/chart-$(basename "${f}")"
      done
      for f in ../tests/corpus/*.yaml; do
        cp "${f}" "${dir}/corpus-$(basename "${f}")"
      done
      for f in ../core/tests/golden/refused/*.yaml; do
        cp "${f}" "${dir}/refused-$(basename "${f}")"
      done
      ;;
    post_render)
      while IFS= read -r f; do
        rel="${f#../core/tests/golden/}"
        cp "${f}" "${dir}/golden-${rel//\//-}"
      done < <(find ../core/tests/golden -type f -name '*.out')
      ;;
  esac
}

# One target: a scratch corpus (fuzz/target/corpus/<t>, where libFuzzer adds what
# it finds) plus the read-only seeds, committed and copied.
run_target() {
  local t="$1"
  local work="target/corpus/${t}" artifacts="artifacts/${t}/"
  mkdir -p "${work}" "${artifacts}" "corpus/${t}"
  cargo fuzz run "${t}" "${work}" "corpus/${t}" "target/seeds/${t}" -- \
    -max_total_time="${SECONDS_PER_TARGET}" \
    -timeout="${TIMEOUT_S}" \
    -rss_limit_mb="${RSS_LIMIT_MB}" \
    -artifact_prefix="${artifacts}" \
    -print_final_stats=1 \
    >"target/${t}.log" 2>&1
}

failed=()
pids=()
names=()
wait_one() {
  local pid="${pids[0]}" t="${names[0]}"
  pids=("${pids[@]:1}")
  names=("${names[@]:1}")
  if wait "${pid}"; then
    log "${t}: ok ($(grep -a -m1 -o 'stat::number_of_executed_units: *[0-9]*' "target/${t}.log" | grep -o '[0-9]*$' || echo '?') runs, corpus $(find "target/corpus/${t}" -type f | wc -l) + $(find "corpus/${t}" -type f | wc -l) seeds + $(find "target/seeds/${t}" -type f | wc -l) copied)"
  else
    failed+=("${t}")
    log "${t}: FAILED; the end of fuzz/target/${t}.log:"
    grep -a -v -E '^#[0-9]+' "target/${t}.log" | tail -40 >&2
    for a in artifacts/"${t}"/*; do
      [ -f "${a}" ] || continue
      log "replay: (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run ${t} ${a})"
    done
  fi
}

for t in "${TARGETS[@]}"; do
  copy_seeds "${t}"
done

for t in "${TARGETS[@]}"; do
  log "running ${t} for ${SECONDS_PER_TARGET} s"
  run_target "${t}" &
  pids+=("$!")
  names+=("${t}")
  if [ "${#pids[@]}" -ge "${JOBS}" ]; then
    wait_one
  fi
done
while [ "${#pids[@]}" -gt 0 ]; do
  wait_one
done

log "total $(($(date +%s) - start)) s (build $((built - start)) s)"
if [ "${#failed[@]}" -gt 0 ]; then
  log "crashed: ${failed[*]}"
  exit 1
fi
