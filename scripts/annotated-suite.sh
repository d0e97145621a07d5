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

# ANNOTATED_JOBS scenarios run at the same time (default 2; each chaos run has its own servers,
# ports and temp dir); verdicts are printed in the order of the files once all have ended.
jobs=${ANNOTATED_JOBS:-2}

# run_one INDEX FILE: runs one scenario; writes its verdict line to $out/.verdict-INDEX and its
# console lines for a failure to $out/.detail-INDEX; exit 0 when it behaved as annotated.
run_one() {
  local index=$1 file=$2 name expected must_pass start status wall failed_line
  name=$(basename "$(dirname "$(dirname "$file")")")-$(basename "$file" .scn)
  [ "$(basename "$(dirname "$file")")" = scenarios ] || name=$(basename "$file" .scn)
  expected=$(sed -n 's/^# must-fail: *//p' "$file" | head -1)
  must_pass=$(grep -c '^# must-pass' "$file")
  : >"$out/.detail-$index"
  if [ -z "$expected" ] && [ "$must_pass" -eq 0 ]; then
    echo "✘ $name: no '# must-fail: <expectation>' or '# must-pass' line in $file" >"$out/.verdict-$index"
    return 1
  fi
  start=$(date +%s)
  "$chaos" run "$file" --json "$out/$name.json" >"$out/$name.log" 2>&1
  status=$?
  wall=$(($(date +%s) - start))
  if [ -n "$expected" ]; then
    # The console prints one line per expectation: " ✘ <expectation as written>   <summary>".
    failed_line=$(grep -F " ✘ $expected" "$out/$name.log" | head -1)
    if [ "$status" -eq 1 ] && [ -n "$failed_line" ]; then
      echo "✔ $name: failed as it must (exit 1, ${wall}s):${failed_line#*✘}" >"$out/.verdict-$index"
      return 0
    fi
    echo "✘ $name: expected exit 1 with '$expected' failed; got exit $status (${wall}s), see $out/$name.log" \
      >"$out/.verdict-$index"
  else
    if [ "$status" -eq 0 ]; then
      echo "✔ $name: passed as it must (exit 0, ${wall}s)" >"$out/.verdict-$index"
      return 0
    fi
    echo "✘ $name: expected exit 0; got exit $status (${wall}s), see $out/$name.log" >"$out/.verdict-$index"
  fi
  grep -E '^ [✘?]|could not run' "$out/$name.log" | head -5 | sed 's/^/    /' >"$out/.detail-$index"
  return 1
}

files=("$@")
running=0
for index in "${!files[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n
    running=$((running - 1))
  fi
  run_one "$index" "${files[$index]}" &
  running=$((running + 1))
done
wait

passed=0
failed=0
for index in "${!files[@]}"; do
  cat "$out/.verdict-$index" "$out/.detail-$index"
  if grep -q '^✔' "$out/.verdict-$index"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  rm -f "$out/.verdict-$index" "$out/.detail-$index"
done
echo "$label: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
