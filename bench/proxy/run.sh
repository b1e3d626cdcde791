#!/usr/bin/env bash
# Fault proxy benchmark (issue 3): direct vs Assay (TCP and HTTP mode) vs HAProxy (TCP and HTTP mode) vs a
# virtual-thread relay, driven by wrk on loopback; then latency-toxic accuracy and 10,000 idle connections.
# Usage: bench/proxy/run.sh [seconds-per-wrk-run]   (default 10). Needs wrk, haproxy, a JDK >= 21.
set -euo pipefail
cd "$(dirname "$0")/../.."
D="${1:-10}"
# BENCH_TOOLS=dir puts dir/usr/bin and dir/usr/sbin (e.g. Debian packages unpacked with dpkg -x) on the PATH.
if [ -n "${BENCH_TOOLS:-}" ]; then
  export PATH="$BENCH_TOOLS/usr/bin:$BENCH_TOOLS/usr/sbin:$PATH"
  export LD_LIBRARY_PATH="$(find "$BENCH_TOOLS" -name '*.so*' -printf '%h\n' | sort -u | tr '\n' :)${LD_LIBRARY_PATH:-}"
fi
# Each proxied TCP connection costs the proxy two descriptors (client side + upstream side).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
IDLE=$(( ($(ulimit -n) - 300) / 2 )); [ "$IDLE" -gt 10000 ] && IDLE=10000

JAVA=""
for c in ${JAVA_HOME:+$JAVA_HOME/bin/java} $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
  v="$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
  if [ -n "$v" ] && [ "$v" -ge 21 ]; then JAVA="$c"; break; fi
done
[ -n "$JAVA" ] || { echo "no JDK >= 21" >&2; exit 1; }
JAR=assay-cli/target/assay.jar
[ -f "$JAR" ] || mvn -q -B -ntp -pl assay-cli -am package -DskipTests
OUT="bench/proxy/results.txt"
: > "$OUT"
log() { echo "$*" | tee -a "$OUT"; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$JAVA" -cp "$JAR" bench/proxy/BenchUpstream.java 18080 >/dev/null 2>&1 & pids+=($!)
haproxy -db -f bench/proxy/haproxy.cfg >/dev/null 2>&1 & pids+=($!)
"$JAVA" -jar "$JAR" proxy --api-listen 127.0.0.1:18474 --config bench/proxy/proxies.json >/dev/null 2>&1 & pids+=($!)
"$JAVA" bench/proxy/VtRelay.java 18085 18080 >/dev/null 2>&1 & pids+=($!)
for port in 18080 18081 18082 18083 18084 18085 18474; do
  for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.2; done
done

run() { # name port concurrency extra-args... -> prints "name RESULT ..."
  local name="$1" port="$2" c="$3"; shift 3
  local r
  r="$(wrk -t2 -c"$c" -d"${D}s" -s bench/proxy/report.lua "$@" "http://127.0.0.1:$port/" | grep RESULT)"
  log "$name c=$c $r load1=$(cut -d' ' -f1 /proc/loadavg)"
}

targets=("direct 18080" "assay_tcp 18083" "haproxy_tcp 18081" "assay_http 18084" "haproxy_http 18082" "vt_relay 18085")
log "# warm-up (10 s keep-alive + 10 s new connections per target, not reported: the JVM proxies need JIT warm-up)"
for t in "${targets[@]}"; do
  set -- $t
  wrk -t2 -c50 -d10s "http://127.0.0.1:$2/" >/dev/null
  wrk -t2 -c50 -d10s -H "Connection: close" "http://127.0.0.1:$2/" >/dev/null
  sleep 2
done

log "# keep-alive, 50 connections, ${D}s"
for t in "${targets[@]}"; do set -- $t; run "$1" "$2" 50; done
log "# new connection per request (Connection: close), 50 connections, ${D}s"
for t in "${targets[@]}"; do set -- $t; run "$1" "$2" 50 -H "Connection: close"; sleep 2; done

log "# latency toxic accuracy: 10 keep-alive connections"
run direct 18080 10
run assay_tcp_no_toxic 18083 10
api=http://127.0.0.1:18474
curl -sf -X POST $api/proxies/bench_tcp/toxics -d '{"name":"lat","type":"latency","stream":"downstream","attributes":{"latency":20}}' >/dev/null
run assay_tcp_latency_20ms 18083 10
curl -sf -X POST $api/proxies/bench_tcp/toxics/lat -d '{"attributes":{"latency":50,"jitter":10}}' >/dev/null
run assay_tcp_latency_50ms_jitter_10ms 18083 10
curl -sf -X DELETE $api/proxies/bench_tcp/toxics/lat
run assay_tcp_toxic_removed 18083 10

log "# $IDLE concurrent idle connections through assay_tcp, held 10 s (ulimit -n $(ulimit -n))"
"$JAVA" bench/proxy/IdleConnections.java 127.0.0.1:18083 "$IDLE" 10 | tee -a "$OUT" || true
log "# proxy connections gauge after the run:"
curl -sf $api/metrics | grep -E '^assay_proxy_connections_(total|active)\{proxy="bench_tcp"' | tee -a "$OUT"
