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
# One at a time: a broken worker is caught only when a fault meets it mid-work, and two runs at
# once let ignore-publish-failures go uncaught (exit 0) in one run here; one at a time it is caught.
ANNOTATED_JOBS=${ANNOTATED_JOBS:-1} exec bash scripts/annotated-suite.sh "negative suite" "${NEGATIVE_OUT:-out/negative}" "$chaos" "${files[@]}"
