# Source this file (bash or zsh) to put <repo>/.tools/bin first on PATH:
#   source scripts/env.sh
# Install the tools first with scripts/install-tools.sh.
if [ -n "${BASH_SOURCE:-}" ]; then
  _tools_env_src="${BASH_SOURCE[0]}"
elif [ -n "${ZSH_VERSION:-}" ]; then
  _tools_env_src="${(%):-%x}"
else
  _tools_env_src="$0"
fi
_tools_env_root="$(cd "$(dirname "${_tools_env_src}")/.." && pwd)"
case ":${PATH}:" in
  *":${_tools_env_root}/.tools/bin:"*) ;;
  *) PATH="${_tools_env_root}/.tools/bin:${PATH}" ;;
esac
export PATH
unset _tools_env_src _tools_env_root

# For the benchmark scripts (bash; `source scripts/env.sh` first).
# isolate_helm DIR: Helm's config, cache, data and plugins folders under DIR, and no
# cluster, namespace or aac limits from the environment: a run neither reads nor
# changes the user's Helm setup, and every run starts alike.
isolate_helm() {
  export HELM_CONFIG_HOME="$1/config" HELM_CACHE_HOME="$1/cache" HELM_DATA_HOME="$1/data"
  export HELM_PLUGINS="$1/plugins"
  unset KUBECONFIG HELM_NAMESPACE AAC_MAX_MEMORY AAC_TIMEOUT
}
# bench_build [CARGO ARGS]: the tools, then `aac` in release mode (and what the
# arguments add); sets AAC, CHART and BIN (the tools' folder). Run from the root.
bench_build() {
  scripts/install-tools.sh >/dev/null
  cargo build --release -p aac --locked >&2
  # Separately: with `--example`, one command would build only the example.
  if [ "$#" -gt 0 ]; then cargo build --release --locked "$@" >&2; fi
  AAC="$PWD/target/release/aac"
  CHART="$PWD/helm/ai-agent-connector"
  BIN="$PWD/.tools/bin"
}
# bench_scratch NAME: WORK, a new temporary folder (removed on exit), Helm isolated in it.
bench_scratch() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
  trap 'rm -rf "$WORK"' EXIT
  isolate_helm "$WORK"
}
# install_hyperfine: from Debian's packages when it is missing and this is root
# (else the caller measures without it, or stops).
install_hyperfine() {
  if ! command -v hyperfine >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "installing hyperfine (Debian package)" >&2
    { apt-get install -y -qq hyperfine || { apt-get update -qq && apt-get install -y -qq hyperfine; }; } >/dev/null 2>&1 || true
  fi
}
