"""Writes scripts/xctest-timings.txt's lines from XCTest logs: `Class seconds` per test class.

usage: python3 scripts/xctest-timings.py LOG... > scripts/xctest-timings.txt
LOG: the output of `swift test --disable-swift-testing`, or the worker logs of scripts/unit-test.sh
(out/unit-test/worker-*.log).
"""
import re
import sys

seconds = {}
for path in sys.argv[1:]:
    suite = None
    with open(path, errors="replace") as log:
        for line in log:
            started = re.match(r"Test Suite '(\w+)' (passed|failed) at", line)
            if started:
                suite = started.group(1)
                continue
            executed = re.match(r"\s*Executed \d+ tests?, with .* in ([\d.]+) \(", line)
            if executed and suite and suite not in ("All", "Selected") and not suite.endswith("xctest"):
                seconds[suite] = float(executed.group(1))
            suite = None
print("# Seconds each XCTest class took (scripts/xctest-timings.py over a run's log). scripts/unit-test.sh")
print("# hands the classes to its workers by them, longest first; a class not named here counts as 5 s.")
for name in sorted(seconds):
    print(f"{name} {seconds[name]:.1f}")
