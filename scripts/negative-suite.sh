#!/usr/bin/env bash
# The negative suite: every Tests/negative-scenarios/*.scn runs a scenario against a deliberately
# broken worker (CHAOS_BROKEN=…) and must FAIL — `chaos run` exits 1 — with the expectation named
# on its `# must-fail: <expectation>` line reported failed. A suite that cannot fail proves nothing.
#
# usage: scripts/negative-suite.sh [CHAOS_BINARY] [FILE.scn ...]
#   CHAOS_BINARY defaults to .build/debug/chaos (chaos-worker must sit next to it).
# Exit 0 when every scenario failed as annotated, 1 otherwise. Logs and JSON journals go to
# $NEGATIVE_OUT (default out/negative).
set -uo pipefail
cd "$(dirname "$0")/.."
chaos=${1:-.build/debug/chaos}
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then files=(Tests/negative-scenarios/*.scn); fi
out=${NEGATIVE_OUT:-out/negative}
mkdir -p "$out"
if [ ! -x "$chaos" ]; then
  echo "negative-suite: $chaos is not an executable (build with: swift build --product chaos --product chaos-worker)" >&2
  exit 2
fi

passed=0
failed=0
for file in "${files[@]}"; do
  name=$(basename "$file" .scn)
  expected=$(sed -n 's/^# must-fail: *//p' "$file" | head -1)
  if [ -z "$expected" ]; then
    echo "✘ $name: no '# must-fail: <expectation>' line in $file"
    failed=$((failed + 1))
    continue
  fi
  start=$(date +%s)
  "$chaos" run "$file" --json "$out/$name.json" >"$out/$name.log" 2>&1
  status=$?
  wall=$(($(date +%s) - start))
  # The console prints one line per expectation: " ✘ <expectation as written>   <summary>".
  failed_line=$(grep -F " ✘ $expected" "$out/$name.log" | head -1)
  if [ "$status" -eq 1 ] && [ -n "$failed_line" ]; then
    echo "✔ $name: failed as it must (exit 1, ${wall}s):${failed_line#*✘}"
    passed=$((passed + 1))
  else
    echo "✘ $name: expected exit 1 with '$expected' failed; got exit $status (${wall}s), see $out/$name.log"
    grep -E '^ ✘|could not run' "$out/$name.log" | head -5 | sed 's/^/    /'
    failed=$((failed + 1))
  fi
done
echo "negative suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
