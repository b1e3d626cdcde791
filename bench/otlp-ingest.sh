#!/usr/bin/env bash
# OTLP ingestion into Assay's live graph vs the real Zipkin server ingesting the same spans (issue 4).
# Usage: bench/otlp-ingest.sh [spansPerRun=300000] [runs=3]   (numbers go to docs/benchmarks.md by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -pl assay-bench -am compile dependency:build-classpath -Dmdep.outputFile=target/otlp-bench.classpath -DincludeScope=runtime >/dev/null
if [ -z "${JAVA:-}" ]; then
  for j in /usr/lib/jvm/temurin-2[1-9]* /usr/lib/jvm/temurin-[3-9]?*; do [ -x "$j/bin/java" ] && JAVA="$j/bin/java" && break; done
fi
CP="assay-bench/target/classes:$(cat assay-bench/target/otlp-bench.classpath)"
exec "$JAVA" -Xmx2g -Dassay.zipkin.heap=1g -Dassay.zipkin.fullJit=true -Dassay.zipkin.jar="${ZIPKIN_JAR:-$HOME/.m2/repository/io/zipkin/zipkin-server/3.4.2/zipkin-server-3.4.2-exec.jar}" \
  -cp "$CP" dev.assay.bench.OtlpIngestBench "$@"
