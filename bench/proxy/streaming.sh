#!/usr/bin/env bash
# Streaming HTTP mode and upstream reuse (issue 15): Assay vs HAProxy side by side, same mode, repeated rounds
# (the machine is shared: report medians and spread). Then the http_delay 20 ms toxic through the streaming proxy.
# Usage: bench/proxy/streaming.sh [seconds-per-wrk-run] [rounds]   (default 5 s, 3 rounds). Needs wrk, haproxy, JDK >= 21.
set -euo pipefail
cd "$(dirname "$0")/../.."
D="${1:-5}"; R="${2:-3}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR=assay-cli/target/assay.jar
[ -f "$JAR" ] || mvn -q -B -ntp -pl assay-cli -am package -DskipTests
OUT="bench/proxy/streaming-results.txt"
: > "$OUT"
log() { echo "$*" | tee -a "$OUT"; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$JAVA" -cp "$JAR" bench/proxy/BenchUpstream.java 18080 >/dev/null 2>&1 & pids+=($!)
haproxy -db -f bench/proxy/haproxy.cfg >/dev/null 2>&1 & pids+=($!)
"$JAVA" -jar "$JAR" proxy --api-listen 127.0.0.1:18474 --config bench/proxy/proxies.json >/dev/null 2>&1 & pids+=($!)
for port in 18080 18081 18082 18083 18084 18086 18087 18474; do
  for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done

run() { # name port concurrency extra-args...
  local name="$1" port="$2" c="$3"; shift 3
  log "$name c=$c $(wrk -t2 -c"$c" -d"${D}s" -s bench/proxy/report.lua "$@" "http://127.0.0.1:$port/" | grep RESULT)"
}
targets=("direct 18080" "assay_tcp 18083" "haproxy_tcp 18081" "assay_http_always 18084" "haproxy_http_always 18082"
         "assay_http_safe 18086" "haproxy_http_safe 18087")
log "# warm-up, not reported"
for t in "${targets[@]}"; do set -- $t; wrk -t2 -c50 -d8s "http://127.0.0.1:$2/" >/dev/null
  wrk -t2 -c50 -d8s -H "Connection: close" "http://127.0.0.1:$2/" >/dev/null; sleep 1; done
for r in $(seq 1 "$R"); do
  log "# round $r: keep-alive, 50 connections, ${D}s"
  for t in "${targets[@]}"; do set -- $t; run "$1" "$2" 50; done
  log "# round $r: new connection per request (Connection: close), 50 connections, ${D}s"
  for t in "${targets[@]}"; do set -- $t; run "$1" "$2" 50 -H "Connection: close"; sleep 1; done
  log "# round $r: keep-alive, 10 connections (added p50)"
  for t in "${targets[@]}"; do set -- $t; run "$1" "$2" 10; done
  log "# round $r: http_delay 20 ms through the streaming HTTP proxy, 10 connections"
  curl -sf -X POST http://127.0.0.1:18474/proxies/bench_http/toxics \
    -d '{"name":"lat","type":"http_delay","attributes":{"delay":20}}' >/dev/null
  run assay_http_delay_20ms 18084 10
  curl -sf -X DELETE http://127.0.0.1:18474/proxies/bench_http/toxics/lat
done
