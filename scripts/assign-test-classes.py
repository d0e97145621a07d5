"""Hands test classes to N workers, longest first to the least-loaded worker (ties to the lowest).

stdin: `Target.Class/method` lines (the test binary's --list-tests). argv: N, the timing file
(`Class seconds` lines, scripts/xctest-timings.py; a class not named counts as 5 s). stdout: N lines, each the
comma-separated classes of one worker (XCTest's filter syntax). Deterministic: the same input
gives the same split.
"""
import sys

workers = int(sys.argv[1])
seconds = {}
with open(sys.argv[2]) as timing:
    for line in timing:
        fields = line.split()
        if len(fields) == 2 and not line.startswith("#"):
            seconds[fields[0]] = float(fields[1])
classes = sorted({line.strip().split("/")[0] for line in sys.stdin if "/" in line})
if not classes:
    sys.exit("no test classes listed")
load = [0.0] * workers
share = [[] for _ in range(workers)]
def cost(name):
    return seconds.get(name.split(".")[-1], 5.0)


for name in sorted(classes, key=lambda name: (-cost(name), name)):
    chosen = min(range(workers), key=lambda worker: (load[worker], worker))
    share[chosen].append(name)
    load[chosen] += cost(name)
for names in share:
    print(",".join(sorted(names)) if names else "")
