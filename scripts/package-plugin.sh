#!/usr/bin/env bash
# Packages `aac` as a signed Helm 4 post-renderer plugin archive for this platform:
#
#   target/helm-plugin/<os>-<arch>/aac-<version>.tgz       plugin.yaml + the aac binary
#   target/helm-plugin/<os>-<arch>/aac-<version>.tgz.prov  its signed provenance
#
# (Helm names the archive <name>-<version>.tgz and signs that file name, so the
# platform is the folder, not part of the name.) Users install it with signature
# verification on (Helm 4's default):
#
#   helm plugin install aac-0.1.0.tgz --keyring pubring.gpg     # the .prov beside it
#
# Usage:
#   scripts/package-plugin.sh --key NAME --keyring SECRING [--passphrase-file F]
#   scripts/package-plugin.sh --unsigned
#   options: --binary PATH  (default: target/release/aac, built with cargo first)
#            --helm PATH    (a Helm 4; default: `helm` when it is Helm 4, else .tools/bin/helm4)
#            --out DIR      (default: target/helm-plugin/<os>-<arch>)
# --key/--keyring/--passphrase-file go to `helm plugin package`: the keyring is a
# legacy GnuPG secret keyring (`gpg --export-secret-keys KEY > secring.gpg`).
# Prints the archive's path.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[package-plugin] %s\n' "$*" >&2; }
die() { log "$*"; exit 2; }

BINARY="" HELM="" OUT="" SIGN=() UNSIGNED=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --binary) BINARY="$2"; shift 2 ;;
    --helm) HELM="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --key | --keyring | --passphrase-file) SIGN+=("$1" "$2"); shift 2 ;;
    --unsigned) UNSIGNED=1; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
if [[ ${UNSIGNED} == 1 && ${#SIGN[@]} -gt 0 ]]; then die "--unsigned with signing options"; fi
if [[ ${UNSIGNED} == 0 && ${#SIGN[@]} -eq 0 ]]; then
  die "sign it (--key NAME --keyring SECRING) or say --unsigned"
fi

is_helm4() { [[ "$("$1" version --short 2>/dev/null || true)" == v4.* ]]; }
if [[ -z "${HELM}" ]]; then
  if command -v helm >/dev/null && is_helm4 helm; then HELM=helm; else HELM=.tools/bin/helm4; fi
fi
is_helm4 "${HELM}" || die "${HELM} is not Helm 4 (--helm PATH): plugin archives are a Helm 4 feature"

if [[ -z "${BINARY}" ]]; then
  cargo build --quiet --release --locked -p aac >&2
  BINARY=target/release/aac
fi
[[ -x "${BINARY}" ]] || die "${BINARY} is not an executable"

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os="$(uname -s | tr '[:upper:]' '[:lower:]')" ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=amd64 ;; aarch64 | arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
OUT="${OUT:-target/helm-plugin/${os}-${arch}}"

NAME="$(sed -n 's/^name: *//p' host/helm-plugin/plugin.yaml)"
VERSION="$(sed -n 's/^version: *//p' host/helm-plugin/plugin.yaml)"
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/package-plugin.XXXXXX")"
trap 'rm -rf "${STAGE}"' EXIT
mkdir "${STAGE}/${NAME}"
cp host/helm-plugin/plugin.yaml "${STAGE}/${NAME}/plugin.yaml"
cp "${BINARY}" "${STAGE}/${NAME}/aac"
chmod 0755 "${STAGE}/${NAME}/aac"

mkdir -p "${OUT}"
rm -f "${OUT}/${NAME}-${VERSION}.tgz" "${OUT}/${NAME}-${VERSION}.tgz.prov"
if [[ ${UNSIGNED} == 1 ]]; then SIGN=(--sign=false); else SIGN=(--sign "${SIGN[@]}"); fi
if ! msg="$("${HELM}" plugin package "${STAGE}/${NAME}" -d "${OUT}" "${SIGN[@]}" 2>&1)"; then
  printf '%s\n' "${msg}" >&2
  exit 1
fi
ARCHIVE="${OUT}/${NAME}-${VERSION}.tgz"
[[ -f "${ARCHIVE}" ]] || die "helm plugin package wrote no ${ARCHIVE}: ${msg}"
printf '%s\n' "$(cd "$(dirname "${ARCHIVE}")" && pwd)/$(basename "${ARCHIVE}")"
