#!/usr/bin/env bash
# Clients as they speak their protocols today: current redis-py (RESP2 and RESP3, with and without
# hiredis), pika and kombu/py-amqp from PyPI (pinned in Tests/Clients/requirements.txt, installed
# into .build/clients-venv), next to Debian's python3-redis and python3-pika, run through
# `chaos run` and its protocol taps against real redis-server / rabbitmq-server.
# Usage: scripts/clients.sh path/to/chaos
set -euo pipefail
chaos="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/clients-venv"
requirements="$root/Tests/Clients/requirements.txt"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.txt"; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi
cd "$root/Tests/Clients"
CHAOS="$chaos" VENV_PYTHON="$venv/bin/python" "$venv/bin/python" -m unittest -v test_clients
