#!/usr/bin/env bash
# Tests the `aac` container image with the real tools, offline:
#   - hadolint (pinned, .tools/bin/hadolint) finds nothing in host/image/Dockerfile;
#   - scripts/build-image.sh builds it with podman (vfs storage in target/image/, so
#     it shares nothing with the machine's own podman storage);
#   - its config: user 65532, entrypoint /aac, the OCI labels; its one file, /aac,
#     a static executable;
#   - containers cannot run on these machines (crun: cgroups, setrlimit), so the
#     image is mounted (`podman image mount`) and its entrypoint run in a chroot as
#     user 65532: `aac render` and `aac post-render` print exactly what the native
#     build prints; and `aac argocd generate` as user 999 with only Argo CD's
#     environment, as the repo-server sidecar runs it (deploy/argocd/).
# Needs root, or runs itself again under `podman unshare`. Quiet on success but
# for one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

fail() { printf '[test-image] FAIL: %s\n' "$*" >&2; exit 1; }

STORE="${ROOT}/target/image/storage"
RUNROOT="${TMPDIR:-/tmp}/aac-image-runroot-$(id -u)"
PODMAN=(podman --root "${STORE}" --runroot "${RUNROOT}" --storage-driver vfs --cgroup-manager cgroupfs --events-backend file)

if [[ "$(id -u)" != 0 && -z "${AAC_IN_UNSHARE:-}" ]]; then
  AAC_IN_UNSHARE=1 exec podman unshare "$0" "$@"
fi

# ---- lint ------------------------------------------------------------------------
.tools/bin/hadolint host/image/Dockerfile || fail "hadolint host/image/Dockerfile"

# ---- build -----------------------------------------------------------------------
TAG=aac:test
scripts/build-image.sh --engine "${PODMAN[*]}" --tag "${TAG}" >/dev/null
"${PODMAN[@]}" image prune --force >/dev/null # earlier builds' images

# ---- config ----------------------------------------------------------------------
inspect() { "${PODMAN[@]}" image inspect --format "$1" "${TAG}"; }
[[ "$(inspect '{{.Config.User}}')" == "65532:65532" ]] || fail "user is $(inspect '{{.Config.User}}')"
[[ "$(inspect '{{json .Config.Entrypoint}}')" == '["/aac"]' ]] || fail "entrypoint $(inspect '{{json .Config.Entrypoint}}')"
VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
for label in title description version revision created source url documentation licenses vendor; do
  value="$(inspect "{{index .Labels \"org.opencontainers.image.${label}\"}}")"
  [[ -n "${value}" && "${value}" != "<no value>" ]] || fail "label org.opencontainers.image.${label} missing"
done
[[ "$(inspect '{{index .Labels "org.opencontainers.image.version"}}')" == "${VERSION}" ]] || fail "version label"
if git rev-parse HEAD >/dev/null 2>&1; then
  [[ "$(inspect '{{index .Labels "org.opencontainers.image.revision"}}')" == "$(git rev-parse HEAD)" ]] || fail "revision label"
fi

# ---- contents: mount it --------------------------------------------------------------
MNT="$("${PODMAN[@]}" image mount "${TAG}")"
trap '"${PODMAN[@]}" image unmount "${TAG}" >/dev/null 2>&1 || true' EXIT
files="$(cd "${MNT}" && find . -mindepth 1 | sort | tr '\n' ' ')"
[[ "${files}" == "./aac " ]] || fail "the image holds more than /aac: ${files}"
if readelf -lW "${MNT}/aac" | grep -q 'INTERP\|Requesting program interpreter'; then
  fail "/aac is dynamically linked"
fi
readelf -dW "${MNT}/aac" | grep -q NEEDED && fail "/aac needs shared libraries"

# ---- run the entrypoint in a chroot, as the image's user ------------------------------
cargo build --quiet --locked -p aac
NATIVE="${ROOT}/target/debug/aac"
in_image() { chroot --userspec=65532:65532 "${MNT}" /aac "$@"; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/test-image.XXXXXX")"
trap '"${PODMAN[@]}" image unmount "${TAG}" >/dev/null 2>&1 || true; rm -rf "${WORK}"' EXIT

[[ "$(in_image --version)" == "$("${NATIVE}" --version)" ]] || fail "aac --version differs"
CHART=helm/ai-agent-connector
for values in values.yaml values-production.yaml values-development.yaml; do
  in_image render rel -n prod -f - --set image.tag=1.2.3 <"${CHART}/${values}" >"${WORK}/image.yaml" \
    || fail "aac render in the image, ${values}"
  "${NATIVE}" render rel -n prod -f - --set image.tag=1.2.3 <"${CHART}/${values}" >"${WORK}/native.yaml"
  cmp -s "${WORK}/image.yaml" "${WORK}/native.yaml" || fail "aac render in the image differs, ${values}"
  grep -q '^kind: Deployment' "${WORK}/image.yaml" || fail "aac render in the image rendered no Deployment"
done
# post-render: Helm 4's stream with the RenderRequest, through the image's aac.
.tools/bin/helm4 template rel "${CHART}" --set renderer.engine=wasm >"${WORK}/stream.yaml"
in_image post-render <"${WORK}/stream.yaml" >"${WORK}/image.yaml" 2>"${WORK}/err" || fail "post-render: $(cat "${WORK}/err")"
"${NATIVE}" post-render <"${WORK}/stream.yaml" >"${WORK}/native.yaml" 2>/dev/null
cmp -s "${WORK}/image.yaml" "${WORK}/native.yaml" || fail "aac post-render in the image differs"
grep -q '^kind: Deployment' "${WORK}/image.yaml" || fail "post-render in the image rendered no Deployment"
# Bad values: the same refusal, exit 1, nothing on stdout.
set +e
in_image render --set replicaCount=-1 >"${WORK}/out" 2>"${WORK}/err"; code=$?
set -e
[[ ${code} == 1 && ! -s "${WORK}/out" && -s "${WORK}/err" ]] || fail "bad values: exit ${code}"

# The Argo CD plugin's generate command (deploy/argocd/plugin.yaml) as argocd-cmp-server
# runs it in the sidecar: user 999, only Argo CD's environment, values as parameters.
CHROOT="$(command -v chroot)"
ARGO_ENV=(ARGOCD_APP_NAME=agents ARGOCD_APP_NAMESPACE=agents KUBE_VERSION=1.30
  'ARGOCD_APP_PARAMETERS=[{"name":"values","string":"podAnnotations:\n  source: argocd-parameter\n"},{"name":"set","map":{"image.tag":"1.2.3"}}]')
env -i "${ARGO_ENV[@]}" "${CHROOT}" --userspec=999:999 "${MNT}" /aac argocd generate \
  >"${WORK}/image.yaml" 2>"${WORK}/err" || fail "argocd generate in the image: $(cat "${WORK}/err")"
(cd "${WORK}" && env -i "${ARGO_ENV[@]}" "${NATIVE}" argocd generate >"${WORK}/native.yaml")
cmp -s "${WORK}/image.yaml" "${WORK}/native.yaml" || fail "argocd generate in the image differs"
grep -q 'source: argocd-parameter' "${WORK}/image.yaml" || fail "argocd generate in the image ignored the values parameter"
set +e
env -i ARGOCD_APP_NAME=agents 'ARGOCD_APP_PARAMETERS=[{"name":"set","map":{"replicaCount":"-1"}}]' \
  "${CHROOT}" --userspec=999:999 "${MNT}" /aac argocd generate >"${WORK}/out" 2>"${WORK}/err"; code=$?
set -e
[[ ${code} == 1 && ! -s "${WORK}/out" ]] && grep -q '^Error: ' "${WORK}/err" || fail "argocd generate, bad values: exit ${code}"

size="$(inspect '{{.Size}}')"
printf '[test-image] %s: %s bytes (/aac %s bytes, static), user 65532, OCI labels; render, post-render and argocd generate (user 999) match the native build\n' \
  "${TAG}" "${size}" "$(stat -c %s "${MNT}/aac")"
