#!/usr/bin/env bash
# Runs `make TARGET...` with a private TMPDIR, then checks that nothing was left behind in it
# (scripts/check-leftovers.sh). The exit status is the targets' own, or 1 when something was left.
# Usage: test-without-leftovers.sh MAKE TARGET...
set -u
make="$1"
shift
dir=$(mktemp -d "${TMPDIR:-/tmp}/chaos-make-test-XXXXXX")
status=0
TMPDIR="$dir" "$make" "$@" || status=$?
bash "$(dirname "$0")/check-leftovers.sh" "$dir" || status=1
rm -rf "$dir"
exit "$status"
