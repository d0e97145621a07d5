#!/usr/bin/env bash
# The XCTest suite (`make unit-test`) on WORKERS processes at once. Each worker runs whole test
# classes (a class that boots RabbitMQ once for its tests keeps doing so once), the classes handed
# out longest first to the least-loaded worker by the times in scripts/xctest-timings.txt (a class
# not named there counts as 5 s). Each worker draws its servers' ports from its own slice of the
# range below the kernel's ephemeral ports (CHAOS_PORT_RANGE), so two workers never pick the same
# port. Every test listed by the test binary is run by exactly one worker: the script checks that
# the workers executed as many tests as are listed, and fails otherwise.
#
# usage: scripts/unit-test.sh SWIFT WORKERS OUT_DIR
#   WORKERS 1 is plain `swift test --disable-swift-testing`. Logs: OUT_DIR/worker-I.log.
set -uo pipefail
cd "$(dirname "$0")/.."
swift=${1:-swift}
workers=${2:-2}
out=${3:-out/unit-test}
if [ "$workers" -le 1 ]; then exec "$swift" test --disable-swift-testing; fi
"$swift" build --build-tests || exit $?
binary=$("$swift" build --show-bin-path)/chaosPackageTests.xctest
[ -x "$binary" ] || { echo "unit-test: $binary is not built" >&2; exit 2; }
mkdir -p "$out"
tests=$("$binary" --list-tests 2>/dev/null | grep -E '^[A-Za-z0-9_]+\.[A-Za-z0-9_]+/')
listed=$(printf '%s\n' "$tests" | grep -c .)
# Worker I's classes, comma-separated (XCTest's filter syntax), one line per worker.
assignment=$(printf '%s\n' "$tests" | python3 scripts/assign-test-classes.py "$workers" scripts/xctest-timings.txt) \
  || exit 2
read -r low high < /proc/sys/net/ipv4/ip_local_port_range
[ "$low" -gt 10001 ] 2>/dev/null || low=32768
span=$(((low - 10000) / workers))
start=$(date +%s)
pids=()
index=0
while IFS= read -r classes; do
  [ -n "$classes" ] || continue
  index=$((index + 1))
  first=$((10000 + (index - 1) * span))
  CHAOS_PORT_RANGE="$first-$((first + span - 1))" "$binary" "$classes" >"$out/worker-$index.log" 2>&1 &
  pids+=($!)
done <<<"$assignment"
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
executed=0
for index in $(seq 1 "${#pids[@]}"); do
  echo "──── unit-test worker $index of ${#pids[@]} ($out/worker-$index.log)"
  cat "$out/worker-$index.log"
  count=$(sed -n "/^Test Suite 'Selected tests' /{n;s/^[[:space:]]*Executed \([0-9]*\) test.*/\1/p;}" \
    "$out/worker-$index.log" | tail -1)
  executed=$((executed + ${count:-0}))
done
echo "unit-test: $executed of $listed tests executed by ${#pids[@]} workers in $(($(date +%s) - start)) s"
if [ "$executed" -ne "$listed" ]; then
  echo "✘ unit-test: $listed tests are listed but $executed were executed" >&2
  status=1
fi
exit "$status"
