#!/usr/bin/env bash
# Installs the Debian 12 packages wirelens needs to build, test and run its demo.
# Idempotent: prints nothing and touches nothing when every package is present.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang libclang-rt-14-dev
  # libraries
  libprotobuf-dev protobuf-compiler libabsl-dev librdkafka-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcld2-dev libicu-dev libre2-dev libsimdjson-dev libssl-dev zlib1g-dev libcpp-httplib-dev
  # real Kafka clients used by the end-to-end tests and the DLQ runbook
  kcat python3 python3-protobuf python3-confluent-kafka python3-kafka
  # deployment checks (tests/deploy): schema validation
  python3-jsonschema python3-yaml
)
# Installed when an apt source offers them, skipped otherwise: Debian 12's own
# archive has no kubectl (it comes from a Kubernetes or cloud SDK repository),
# and tests/deploy reports SKIP without it.
OPTIONAL_PACKAGES=(
  kubectl  # `kubectl kustomize` renders deploy/k8s for tests/deploy
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
for p in "${OPTIONAL_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    candidate="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then missing+=("$p"); fi
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done" >&2
