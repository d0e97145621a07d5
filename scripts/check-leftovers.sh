#!/usr/bin/env bash
# What a test run left behind in its private TMPDIR (issue 13 item 9): temp dirs made by chaos
# (they hold .chaos-owner) and live processes whose environment names that TMPDIR (every server,
# epmd, Erlang VM and worker a test starts inherits it). Lists each, kills the processes, and
# exits 1 if anything was left. Usage: check-leftovers.sh DIR
set -u
dir="$1"
left=0
while IFS= read -r marker; do
  echo "✘ temp dir left behind: $(dirname "$marker")"
  left=1
done < <(find "$dir" -name .chaos-owner 2>/dev/null)
for environ in /proc/[0-9]*/environ; do
  pid="${environ#/proc/}"
  pid="${pid%/environ}"
  [ "$pid" = "$$" ] && continue
  if { tr '\0' '\n' < "$environ"; } 2>/dev/null | grep -qx "TMPDIR=$dir"; then
    echo "✘ process left running: $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)"
    kill -KILL "$pid" 2>/dev/null
    left=1
  fi
done
if [ "$left" = 0 ]; then echo "✔ no process and no temp dir left behind"; fi
exit "$left"
