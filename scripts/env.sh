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
