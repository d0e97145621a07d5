#!/usr/bin/env bash
# The examples suite: the outage scenarios run against systems that are not ours —
# examples/python-pipeline (the seed's four workers in Python) and examples/celery (a stock Celery
# app, and a hardened profile of it). Each file says what it must do: `# must-fail: <expectation>`
# (exit 1 with that expectation ✘: a weakness of that system the harness must find) or
# `# must-pass` (exit 0). docs/examples.md explains each verdict.
#
# usage: scripts/examples-suite.sh [CHAOS_BINARY] [FILE.scn ...]
#   CHAOS_BINARY defaults to .build/debug/chaos. Logs and JSON journals go to $EXAMPLES_OUT
#   (default out/examples). Needs /usr/bin/python3 with python3-redis, -pika, -celery (Debian).
set -uo pipefail
cd "$(dirname "$0")/.."
chaos=${1:-.build/debug/chaos}
shift || true
files=("$@")
if [ ${#files[@]} -eq 0 ]; then files=(examples/*/scenarios/*.scn); fi
exec bash scripts/annotated-suite.sh "examples suite" "${EXAMPLES_OUT:-out/examples}" "$chaos" "${files[@]}"
