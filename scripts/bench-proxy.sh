#!/usr/bin/env bash
# Benchmark of the fault-injection proxy (not a test): redis-benchmark against redis-server directly,
# through HAProxy (TCP mode, one thread) and through `chaos proxy`, interleaved, 5 rounds each, for
# `-c 50 -t set,get` and the same with `-P 16`. Prints median requests/s, p50/p99 latency and CPU
# time per request of each process, the ratios ours/HAProxy, and the RSS of each proxy holding
# 5000 idle links.
# `tap` is a second chaos proxy with the RESP tap on (issue 6): the cost of decoding.
# TOXIPROXY_SERVER=path/to/toxiproxy-server adds a `toxiproxy` column; CHAOS_BEFORE=path/to/chaos
# adds a `before` column (another build of chaos, e.g. main's, measured in the same rounds).
# THREADS=N runs HAProxy with `nbthread N` and chaos proxy with `--threads N` (default 1; the
# `before` build keeps its own default).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
REQUESTS=${REQUESTS:-100000}
IDLE=${IDLE:-5000}
CHAOS=${CHAOS:-.build/release/chaos}
TOXIPROXY_SERVER=${TOXIPROXY_SERVER:-}
CHAOS_BEFORE=${CHAOS_BEFORE:-}
THREADS=${THREADS:-1}

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
work=$(mktemp -d /tmp/chaos-bench-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 200); do
    if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "nothing listens on $1; logs:" >&2
  tail -n 5 "$work"/*.log >&2
  exit 1
}

redis_port=$(free_port)
haproxy_port=$(free_port)
ours_port=$(free_port)
api_port=$(free_port)
tap_port=$(free_port)

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
  --daemonize no --protected-mode no --maxclients 12000 >"$work/redis.log" 2>&1 &
pids+=($!)

cat >"$work/haproxy.cfg" <<CFG
global
  nbthread $THREADS
  maxconn 9000
defaults
  mode tcp
  timeout connect 5s
  timeout client 1h
  timeout server 1h
frontend redis
  bind 127.0.0.1:$haproxy_port
  default_backend redis
backend redis
  server redis 127.0.0.1:$redis_port
CFG
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
pids+=($haproxy_pid)

cat >"$work/proxies.json" <<JSON
[{"name":"redis","listen":"127.0.0.1:$ours_port","upstream":"127.0.0.1:$redis_port"},
 {"name":"redis-tap","listen":"127.0.0.1:$tap_port","upstream":"127.0.0.1:$redis_port","tap":"resp"}]
JSON
"$CHAOS" proxy --threads "$THREADS" --port "$api_port" --config "$work/proxies.json" >"$work/chaos.log" 2>&1 &
ours_pid=$!
pids+=($ours_pid)

wait_port "$redis_port"
wait_port "$haproxy_port"
wait_port "$ours_port"
wait_port "$tap_port"

targets=(direct haproxy ours tap)
declare -A target_port=([direct]=$redis_port [haproxy]=$haproxy_port [ours]=$ours_port [tap]=$tap_port)
declare -A target_pid=([haproxy]=$haproxy_pid [ours]=$ours_pid [tap]=$ours_pid)

if [ -n "$TOXIPROXY_SERVER" ]; then
  toxiproxy_port=$(free_port)
  toxiproxy_api=$(free_port)
  "$TOXIPROXY_SERVER" -host 127.0.0.1 -port "$toxiproxy_api" >"$work/toxiproxy.log" 2>&1 &
  toxiproxy_pid=$!
  pids+=($toxiproxy_pid)
  wait_port "$toxiproxy_api"
  curl -sf -XPOST "127.0.0.1:$toxiproxy_api/proxies" \
    -d "{\"name\":\"redis\",\"listen\":\"127.0.0.1:$toxiproxy_port\",\"upstream\":\"127.0.0.1:$redis_port\"}" >/dev/null
  wait_port "$toxiproxy_port"
  targets+=(toxiproxy)
  target_port[toxiproxy]=$toxiproxy_port
  target_pid[toxiproxy]=$toxiproxy_pid
fi
if [ -n "$CHAOS_BEFORE" ]; then
  before_port=$(free_port)
  before_api=$(free_port)
  echo "[{\"name\":\"redis\",\"listen\":\"127.0.0.1:$before_port\",\"upstream\":\"127.0.0.1:$redis_port\"}]" \
    >"$work/before.json"
  "$CHAOS_BEFORE" proxy --port "$before_api" --config "$work/before.json" >"$work/before.log" 2>&1 &
  before_pid=$!
  pids+=($before_pid)
  wait_port "$before_port"
  targets+=(before)
  target_port[before]=$before_port
  target_pid[before]=$before_pid
fi
results="$work/results.csv"
echo "mode,target,round,test,rps,p50,p99" >"$results"
# CPU time (user + system, clock ticks) each process spends per run: a figure that the other
# loads on a shared machine disturb much less than requests/s.
cpu="$work/cpu.csv"
echo "mode,target,round,ticks" >"$cpu"
cpu_ticks() { if [ "$1" = 0 ]; then echo 0; else awk '{print $14 + $15}' "/proc/$1/stat"; fi; }
redis_pid=$(pgrep -f "redis-server .*:$redis_port" | head -1 || echo 0)
target_pid[direct]=${redis_pid:-0}
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for mode in plain pipelined; do
  extra=""
  if [ "$mode" = pipelined ]; then extra="-P 16"; fi
  for round in $(seq 1 "$ROUNDS"); do
    for target in "${targets[@]}"; do
      pid=${target_pid[$target]}
      before=$(cpu_ticks "$pid")
      # shellcheck disable=SC2086
      redis-benchmark -h 127.0.0.1 -p "${target_port[$target]}" -c 50 -t set,get -n "$REQUESTS" $extra --csv \
        | tail -n +2 | tr -d '"' | while IFS=, read -r test rps _avg _min p50 _p95 p99 _max; do
          echo "$mode,$target,$round,$test,$rps,$p50,$p99" >>"$results"
        done
      echo "$mode,$target,$round,$(($(cpu_ticks "$pid") - before))" >>"$cpu"
    done
  done
done

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
idle_rss() {
  local port=$1 pid=$2
  python3 - "$port" "$pid" "$IDLE" <<'PY'
import socket, sys, time
port, pid, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
held = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    held.append(s)
time.sleep(1.0)
with open(f"/proc/{pid}/status") as f:
    rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
print(rss)
for s in held:
    s.close()
PY
}
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rss="$work/rss.csv"
echo "target,before,holding" >"$rss"
for target in "${targets[@]}"; do
  case $target in direct | tap) continue ;; esac
  before=$(rss_kb "${target_pid[$target]}")
  echo "$target,$before,$(idle_rss "${target_port[$target]}" "${target_pid[$target]}")" >>"$rss"
  sleep 1
done

python3 - "$results" "$cpu" "$rss" "$IDLE" "$REQUESTS" "$(getconf CLK_TCK)" "$load_before" "$load_after" "$THREADS" \
  "${targets[@]}" <<'PY'
import csv, statistics, sys
path, cpu_path, rss_path, idle, requests, hz, load_before, load_after, threads, *targets = sys.argv[1:]
rows = list(csv.DictReader(open(path)))
cpu = list(csv.DictReader(open(cpu_path)))
def med(mode, target, test, key):
    values = [float(r[key]) for r in rows if r["mode"] == mode and r["target"] == target and r["test"] == test]
    return statistics.median(values) if values else float("nan")
def cpu_per_request(mode, target):
    ticks = [int(r["ticks"]) for r in cpu if r["mode"] == mode and r["target"] == target]
    return statistics.median(ticks) / int(hz) * 1e6 / (2 * int(requests)) if ticks else float("nan")
others = [t for t in targets if t not in ("direct", "haproxy", "ours")]
print()
print(f"threads: haproxy nbthread {threads}, chaos proxy --threads {threads}")
print(f"load average before: {load_before}, after: {load_after}")
print(f"{'mode':10} {'test':5} {'target':9} {'req/s':>10} {'p50 ms':>7} {'p99 ms':>7}")
for mode in ("plain", "pipelined"):
    for test in ("SET", "GET"):
        for target in targets:
            print(f"{mode:10} {test:5} {target:9} {med(mode,target,test,'rps'):10.0f} "
                  f"{med(mode,target,test,'p50'):7.3f} {med(mode,target,test,'p99'):7.3f}")
        ours = med(mode, "ours", test, "rps")
        ratios = [f"ours/direct {ours/med(mode,'direct',test,'rps'):.2f}",
                  f"ours/haproxy {ours/med(mode,'haproxy',test,'rps'):.2f}",
                  f"p99 ours/haproxy {med(mode,'ours',test,'p99')/med(mode,'haproxy',test,'p99'):.2f}"]
        ratios += [f"{t}/haproxy {med(mode,t,test,'rps')/med(mode,'haproxy',test,'rps'):.2f}" for t in others]
        print(f"{'':10} {test:5} " + "  ".join(ratios))
print()
print("CPU time per request (user + system of the process; redis-server for direct), median of rounds:")
for mode in ("plain", "pipelined"):
    line = [f"{target} {cpu_per_request(mode, target):.2f} us" for target in targets]
    ratio = cpu_per_request(mode, "ours") / cpu_per_request(mode, "haproxy")
    print(f"  {mode:10} " + ", ".join(line) + f"; ours/haproxy {ratio:.2f}")
print()
print(f"RSS holding {idle} idle links:")
for r in csv.DictReader(open(rss_path)):
    print(f"  {r['target']:9} {int(r['holding'])/1024:.1f} MB (idle before: {int(r['before'])/1024:.1f} MB)")
PY
