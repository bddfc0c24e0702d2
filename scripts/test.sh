#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every unit and
# suite test of a preset (default: release; also debug, asan).
# Usage: scripts/test.sh [preset] [extra ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
scripts/build.sh "$preset"
ctest --preset "$preset" "$@"
