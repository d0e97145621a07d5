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
# A run's watchdog (docs/hardening.md §3b) does its last sweep just after chaos exits: give the
# processes of this TMPDIR up to 10 s (20 polls of 0.5 s) to end before any counts as left behind.
alive() {
  local environ
  for environ in /proc/[0-9]*/environ; do
    [ "${environ#/proc/}" = "$$/environ" ] && continue
    if { tr '\0' '\n' < "$environ"; } 2>/dev/null | grep -qx "TMPDIR=$dir"; then return 0; fi
  done
  return 1
}
for _ in $(seq 20); do alive || break; sleep 0.5; done
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
