#!/usr/bin/env bash
# Streaming HTTP mode and upstream reuse (issue 15): Assay vs HAProxy side by side, same mode, at 10 connections,
# keep-alive and a new connection per request, TCP and HTTP mode (http_reuse always and safe), in interleaved rounds
# (the machine is shared: report medians and spread; each line carries the 1-minute load average when it ran and
# the proxy's CPU time per request). Then the http_delay 20 ms toxic through the streaming proxy.
# New connections run twice: wrk as this user (the services' user: the proxy must read the services' fds to tell
# that wrk is no service) and, with setpriv, as CLIENT_UID (default 65534, nobody: a client of another user, which
# the kernel's socket owner uid rules out at once). Set CLIENT_UID= (empty) to skip the second.
# Usage: bench/proxy/streaming.sh [seconds-per-wrk-run] [rounds]   (default 5 s, 5 rounds). Needs wrk, haproxy, JDK >= 21.
# BENCH_TOOLS=dir puts dir/usr/bin and dir/usr/sbin (e.g. Debian packages unpacked with dpkg -x) on the PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
D="${1:-5}"; R="${2:-5}"
if [ -n "${BENCH_TOOLS:-}" ]; then
  export PATH="$BENCH_TOOLS/usr/bin:$BENCH_TOOLS/usr/sbin:$PATH"
  export LD_LIBRARY_PATH="$(find "$BENCH_TOOLS" -name '*.so*' -printf '%h\n' | sort -u | tr '\n' :)${LD_LIBRARY_PATH:-}"
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=assay-cli/target/assay.jar
[ -f "$JAR" ] || mvn -q -B -ntp -pl assay-cli -am package -DskipTests
OUT="bench/proxy/streaming-results.txt"
: > "$OUT"
log() { echo "$*" | tee -a "$OUT"; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$JAVA" -cp "$JAR" bench/proxy/BenchUpstream.java 18080 >/dev/null 2>&1 & up=$!; pids+=($up)
haproxy -db -f bench/proxy/haproxy.cfg >/dev/null 2>&1 & ha=$!; pids+=($ha)
"$JAVA" -jar "$JAR" proxy --api-listen 127.0.0.1:18474 --config bench/proxy/proxies.json >/dev/null 2>&1 & as=$!; pids+=($as)
for port in 18080 18081 18082 18083 18084 18086 18087 18474; do
  for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done

cpu() { awk '{print $14+$15}' "/proc/$1/stat"; }   # user+system clock ticks
CLIENT_UID="${CLIENT_UID-65534}"
AS_CLIENT=""
run() { # name pid-of-the-process-measured port extra-args...
  local name="$1" pid="$2" port="$3"; shift 3
  local load t0 r t1 n
  load="$(cut -d' ' -f1 /proc/loadavg)"; t0="$(cpu "$pid")"
  r="$($AS_CLIENT wrk -t2 -c10 -d"${D}s" -s bench/proxy/report.lua "$@" "http://127.0.0.1:$port/" | grep RESULT)"
  t1="$(cpu "$pid")"; n="$(echo "$r" | sed 's/.*requests=\([0-9]*\).*/\1/')"
  log "$name c=10 $r cpu_us_per_req=$(( (t1 - t0) * 1000000 / $(getconf CLK_TCK) / (n > 0 ? n : 1) )) load1=$load"
}
targets=("direct $up 18080" "assay_tcp $as 18083" "haproxy_tcp $ha 18081" "assay_http_always $as 18084" "haproxy_http_always $ha 18082"
         "assay_http_safe $as 18086" "haproxy_http_safe $ha 18087")
log "# warm-up, not reported"
for t in "${targets[@]}"; do set -- $t; wrk -t2 -c10 -d8s "http://127.0.0.1:$3/" >/dev/null
  wrk -t2 -c10 -d8s -H "Connection: close" "http://127.0.0.1:$3/" >/dev/null; sleep 1; done
for r in $(seq 1 "$R"); do
  log "# round $r: keep-alive, 10 connections, ${D}s"
  for t in "${targets[@]}"; do set -- $t; run "$1" "$2" "$3"; done
  log "# round $r: new connection per request (Connection: close), 10 connections, ${D}s"
  for t in "${targets[@]}"; do set -- $t; run "$1" "$2" "$3" -H "Connection: close"; sleep 1; done
  if [ -n "$CLIENT_UID" ]; then
    log "# round $r: new connection per request, wrk as uid $CLIENT_UID, 10 connections, ${D}s"
    AS_CLIENT="setpriv --reuid=$CLIENT_UID --regid=$CLIENT_UID --clear-groups"
    for t in "${targets[@]}"; do set -- $t; [ "$1" = direct ] && continue; run "$1" "$2" "$3" -H "Connection: close"; sleep 1; done
    AS_CLIENT=""
  fi
  log "# round $r: http_delay 20 ms through the streaming HTTP proxy, 10 connections"
  curl -sf -X POST http://127.0.0.1:18474/proxies/bench_http/toxics \
    -d '{"name":"lat","type":"http_delay","attributes":{"delay":20}}' >/dev/null
  run assay_http_delay_20ms "$as" 18084
  curl -sf -X DELETE http://127.0.0.1:18474/proxies/bench_http/toxics/lat
done
