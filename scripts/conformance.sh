#!/usr/bin/env bash
# Toxiproxy conformance: drives `chaos proxy` through a real Toxiproxy client (toxiproxy-python
# from PyPI, pinned in Tests/Conformance/requirements.txt) against real redis-server upstreams.
# Usage: scripts/conformance.sh path/to/chaos
set -euo pipefail
chaos="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/conformance-venv"
requirements="$root/Tests/Conformance/requirements.txt"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi
cd "$root/Tests/Conformance"
CHAOS="$chaos" "$venv/bin/python" -m unittest -v test_toxiproxy_api
