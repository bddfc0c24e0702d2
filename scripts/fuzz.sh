#!/usr/bin/env bash
# Builds the libFuzzer targets (preset 'fuzz', clang) and runs each for N
# seconds (default 20) from its seed corpus. A crash fails the run and leaves
# the reproducer in build/fuzz/artifacts/.
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-20}"
shift || true
scripts/build.sh fuzz
mkdir -p build/fuzz/artifacts
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(find build/fuzz/tests/fuzz -maxdepth 1 -type f -name '*_fuzzer' -perm -u+x -printf '%f\n' | sort)
fi
for t in "${targets[@]}"; do
  corpus="tests/fuzz/corpus/$t"
  work="build/fuzz/corpus/$t"
  mkdir -p "$work"
  seeds=()
  [ -d "$corpus" ] && seeds+=("$corpus")
  dict=()
  case "$t" in
    decode_json_fuzzer|decode_ninjs_fuzzer|decode_auto_fuzzer|chain_fuzzer) dict=(-dict=tests/fuzz/json.dict) ;;
    normalize_fuzzer) dict=(-dict=tests/fuzz/html.dict) ;;
  esac
  echo "== fuzzing $t for ${secs}s"
  "build/fuzz/tests/fuzz/$t" -max_total_time="$secs" -print_final_stats=0 -rss_limit_mb=2048 \
      -timeout=10 "${dict[@]}" -artifact_prefix=build/fuzz/artifacts/ "$work" "${seeds[@]}" 2>&1 | tail -n 3
  test "${PIPESTATUS[0]}" -eq 0
done
