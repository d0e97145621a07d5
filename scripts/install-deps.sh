#!/usr/bin/env bash
# Installs the Debian packages chaos needs, only when one is missing (apt-get update first).
# prometheus: only for promtool, which checks compose/alerts.yml in make test (its service is never started).
set -euo pipefail
packages=(pkg-config libhiredis-dev librabbitmq-dev libevent-dev redis-server redis-tools rabbitmq-server haproxy python3 python3-venv prometheus
  python3-redis python3-pika python3-celery python3-kombu)  # the last four: examples/ (make examples)
packages+=("$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "installing: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# No system services are started here: policy-rc.d refuses them while installing.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
