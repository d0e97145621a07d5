#!/usr/bin/env bash
# Runs scenario files that carry their own verdict and checks each against it:
#   `# must-fail: <expectation as written>` — `chaos run` must exit 1 and report that expectation ✘;
#   `# must-pass`                           — `chaos run` must exit 0.
# A file with neither line is an error. Used by scripts/negative-suite.sh (deliberately broken
# workers) and scripts/examples-suite.sh (the Python seed workers and Celery in examples/).
#
# usage: scripts/annotated-suite.sh LABEL OUT_DIR CHAOS_BINARY FILE.scn ...
# Exit 0 when every scenario behaved as annotated, 1 otherwise. Console logs and JSON journals go
# to OUT_DIR.
set -uo pipefail
label=$1 out=$2 chaos=$3
shift 3
mkdir -p "$out"
if [ ! -x "$chaos" ]; then
  echo "$label: $chaos is not an executable (build with: swift build --product chaos --product chaos-worker)" >&2
  exit 2
fi

passed=0
failed=0
for file in "$@"; do
  name=$(basename "$(dirname "$(dirname "$file")")")-$(basename "$file" .scn)
  [ "$(basename "$(dirname "$file")")" = scenarios ] || name=$(basename "$file" .scn)
  expected=$(sed -n 's/^# must-fail: *//p' "$file" | head -1)
  must_pass=$(grep -c '^# must-pass' "$file")
  if [ -z "$expected" ] && [ "$must_pass" -eq 0 ]; then
    echo "✘ $name: no '# must-fail: <expectation>' or '# must-pass' line in $file"
    failed=$((failed + 1))
    continue
  fi
  start=$(date +%s)
  "$chaos" run "$file" --json "$out/$name.json" >"$out/$name.log" 2>&1
  status=$?
  wall=$(($(date +%s) - start))
  if [ -n "$expected" ]; then
    # The console prints one line per expectation: " ✘ <expectation as written>   <summary>".
    failed_line=$(grep -F " ✘ $expected" "$out/$name.log" | head -1)
    if [ "$status" -eq 1 ] && [ -n "$failed_line" ]; then
      echo "✔ $name: failed as it must (exit 1, ${wall}s):${failed_line#*✘}"
      passed=$((passed + 1))
      continue
    fi
    echo "✘ $name: expected exit 1 with '$expected' failed; got exit $status (${wall}s), see $out/$name.log"
  else
    if [ "$status" -eq 0 ]; then
      echo "✔ $name: passed as it must (exit 0, ${wall}s)"
      passed=$((passed + 1))
      continue
    fi
    echo "✘ $name: expected exit 0; got exit $status (${wall}s), see $out/$name.log"
  fi
  grep -E '^ [✘?]|could not run' "$out/$name.log" | head -5 | sed 's/^/    /'
  failed=$((failed + 1))
done
echo "$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
