#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets (-sanitize=fuzzer,address, in .build/fuzz) and runs
# each for FUZZ_SECONDS on a copy of its committed corpus (Fuzz/corpus/TARGET). A crash stops
# the run with the crashing input in out/fuzz/; fix it, then add the input to the corpus so that
# it stays a regression input. New inputs libFuzzer finds are left in out/fuzz/TARGET, not
# committed. Usage: fuzz.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then targets=(FuzzRESP FuzzAMQP FuzzScenario FuzzAPIRequest); fi
for target in "${targets[@]}"; do
  CHAOS_FUZZ=1 swift build --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer,address --product "$target" \
    2>&1 | grep -v "Cannot export local symbol" | grep -E "error|warning: |Compiling|Build" || true
  test -x ".build/fuzz/debug/$target"
done
status=0
for target in "${targets[@]}"; do
  work="out/fuzz/$target"
  mkdir -p "$work"
  cp -n "Fuzz/corpus/$target"/* "$work"/ 2>/dev/null || true
  echo "fuzz $target for ${seconds}s (corpus: $(ls "Fuzz/corpus/$target" | wc -l) committed inputs)"
  if ! ".build/fuzz/debug/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="out/fuzz/$target-" -print_final_stats=1 "$work" 2> "out/fuzz/$target.log"; then
    echo "✘ $target found a crash: see out/fuzz/$target.log and out/fuzz/$target-*"
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^Done" "out/fuzz/$target.log" || true
done
exit "$status"
