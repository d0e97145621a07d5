#!/usr/bin/env bash
# Unpacks the `make dist` tarball in a clean temp directory and runs scenarios/redis-restart.scn
# from there with a bare environment (no Swift toolchain on PATH, no build tree): the release must
# work with only the Debian packages installed. Usage: test-dist.sh out/chaos-VERSION-linux-ARCH.tar.gz
set -euo pipefail
tarball="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/chaos-dist-test-XXXXXXXX")"
trap 'rm -rf "$scratch"' EXIT
tar -C "$scratch" -xzf "$tarball"
root="$(ls -d "$scratch"/chaos-*)"
for file in bin/chaos bin/chaos-worker share/man/man1/chaos.1 share/bash-completion/completions/chaos \
  share/zsh/site-functions/_chaos share/fish/vendor_completions.d/chaos.fish; do
  [ -e "$root/$file" ] || { echo "missing $file" >&2; exit 1; }
done
if ldd "$root/bin/chaos" "$root/bin/chaos-worker" | grep -q "libswift\|libFoundation\|not found"; then
  ldd "$root/bin/chaos" "$root/bin/chaos-worker" >&2
  echo "the release links a Swift runtime library or misses one" >&2
  exit 1
fi
cd "$root"
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$scratch" TMPDIR="$scratch" \
  ./bin/chaos --version
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$scratch" TMPDIR="$scratch" \
  ./bin/chaos run scenarios/redis-restart.scn --junit "$scratch/redis-restart.xml"
