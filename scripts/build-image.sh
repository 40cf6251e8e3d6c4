#!/usr/bin/env bash
# Builds the `aac` container image (host/image/Dockerfile, FROM scratch):
#   1. a static aac: cargo build --release --target x86_64-unknown-linux-musl
#      (adds the rustup target when missing; musl-gcc, Debian's musl-tools, is used
#      for C code when present);
#   2. a build context holding only that binary (target/image/context/aac);
#   3. `podman build` (else `docker build`) of host/image/Dockerfile, tagged
#      aac:<version> and aac:latest, with the OCI version/revision/created labels.
#
# Usage: scripts/build-image.sh [--engine "podman --storage-driver vfs"] [--tag NAME:TAG]
# Prints the image's tag. Idempotent: cargo and the engine's cache do the rest.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[build-image] %s\n' "$*" >&2; }

ENGINE="" TAG=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --engine) ENGINE="$2"; shift 2 ;;
    --tag) TAG="$2"; shift 2 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) log "unknown argument: $1"; exit 2 ;;
  esac
done
if [[ -z "${ENGINE}" ]]; then
  if command -v podman >/dev/null; then ENGINE=podman
  elif command -v docker >/dev/null; then ENGINE=docker
  else log "neither podman nor docker is installed (scripts/install-tools.sh installs podman)"; exit 2
  fi
fi
read -r -a ENGINE_CMD <<<"${ENGINE}"

TARGET=x86_64-unknown-linux-musl
if ! rustup target list --installed 2>/dev/null | grep -qx "${TARGET}"; then
  log "rustup target add ${TARGET}"
  rustup target add "${TARGET}" >&2
fi
if command -v musl-gcc >/dev/null; then export CC_x86_64_unknown_linux_musl=musl-gcc; fi
cargo build --quiet --release --locked --target "${TARGET}" -p aac >&2
BIN="target/${TARGET}/release/aac"

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
TAG="${TAG:-aac:${VERSION}}"
REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
# The commit's time, so rebuilding one commit gives the same labels.
CREATED="$(date -u -d "@$(git log -1 --format=%ct 2>/dev/null || echo 0)" +%Y-%m-%dT%H:%M:%SZ)"

CONTEXT=target/image/context
rm -rf "${CONTEXT}"
mkdir -p "${CONTEXT}"
cp "${BIN}" "${CONTEXT}/aac"
chmod 0755 "${CONTEXT}/aac"

if ! msg="$("${ENGINE_CMD[@]}" build --quiet -f host/image/Dockerfile -t "${TAG}" -t "${TAG%:*}:latest" \
  --build-arg "VERSION=${VERSION}" --build-arg "REVISION=${REVISION}" --build-arg "CREATED=${CREATED}" \
  "${CONTEXT}" 2>&1)"; then
  printf '%s\n' "${msg}" >&2
  exit 1
fi
printf '%s\n' "${TAG}"
