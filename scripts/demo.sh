#!/usr/bin/env bash
# The first command to run: installs what is missing, builds the release
# preset, and runs `wirelens demo`, the streaming worker end to end against an
# in-process Kafka broker on the bundled sample articles (a few seconds).
# Extra arguments go to `wirelens demo` (e.g. --log-level=info, --threads=4).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh release >&2
exec build/release/pipeline/wirelens demo "$@"
