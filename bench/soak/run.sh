#!/usr/bin/env bash
# Soak benchmark (issue 11; not a unit test): >= 30 min of mixed keep-alive / close / half-close / abandoned
# connections through 5 HTTP-mode and 5 TCP-mode proxies of one `assay proxy` process, toxics toggled on and
# off every 5 s, sampling the proxy's open descriptors, heap, RSS, CLOSE-WAIT sockets and the clients' p50/p99.
# Usage: bench/soak/run.sh [seconds (default 1800)] [clients (default 48)] [sample seconds (default 30)]
# Output: bench/soak/soak.csv (one row per sample). Loopback only; needs a JDK >= 21.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS="${1:-1800}"; CLIENTS="${2:-48}"; SAMPLE="${3:-30}"
JAVA=""
for c in ${JAVA_HOME:+$JAVA_HOME/bin/java} $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
  v="$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p')"
  if [ -n "$v" ] && [ "$v" -ge 21 ]; then JAVA="$c"; break; fi
done
[ -n "$JAVA" ] || { echo "no JDK >= 21" >&2; exit 1; }
JAR="${ASSAY_JAR:-assay-cli/target/assay.jar}"
[ -f "$JAR" ] || mvn -q -B -ntp -pl assay-cli -am package -DskipTests
API=28574; UP=28580; FIRST=28590; HTTP=5; TCP=5
CONF="$(mktemp)"
{
  echo "["
  for i in $(seq 0 $((HTTP - 1))); do
    echo "{\"name\":\"soak_http_$i\",\"listen\":\"127.0.0.1:$((FIRST + i))\",\"upstream\":\"127.0.0.1:$UP\",\"mode\":\"http\"},"
  done
  for i in $(seq 0 $((TCP - 1))); do
    sep=","; [ "$i" -eq $((TCP - 1)) ] && sep=""
    echo "{\"name\":\"soak_tcp_$i\",\"listen\":\"127.0.0.1:$((FIRST + HTTP + i))\",\"upstream\":\"127.0.0.1:$UP\",\"client_idle_timeout\":10}$sep"
  done
  echo "]"
} > "$CONF"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -f "$CONF"; }
trap cleanup EXIT
"$JAVA" -cp "$JAR" bench/proxy/BenchUpstream.java "$UP" > /dev/null 2>&1 & pids+=($!)
"$JAVA" -Xmx256m -jar "$JAR" proxy --api-listen 127.0.0.1:$API --config "$CONF" --client-idle-timeout 15 > bench/soak/proxy.log 2>&1 & PROXY=$!; pids+=($PROXY)
for _ in $(seq 60); do curl -sf "http://127.0.0.1:$API/version" > /dev/null && break; sleep 1; done
"$JAVA" bench/soak/Soak.java "$API" "$PROXY" bench/soak/soak.csv "$SECS" "$CLIENTS" "$FIRST" "$HTTP" "$TCP" "$SAMPLE"
# After the load stops, every connection must be gone again (idle ones within the idle timeout).
sleep 20
echo "after load + 20 s: proxy fds $(ls /proc/$PROXY/fd | wc -l), close-wait $(ss -tanHp state close-wait | grep -c "pid=$PROXY," || true)" | tee bench/soak/after.txt
