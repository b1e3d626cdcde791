package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Zipkin server's v2 API: {@code /api/v2/services}, then up to {@code limit} recent traces per service
 * from {@code /api/v2/traces}, then {@code /api/v2/dependencies} for links the sampled traces missed. The callee
 * of a CLIENT span with no instrumented child is its {@code remoteEndpoint.serviceName}. A SERVER span sharing
 * its id with the CLIENT span (B3 shared spans) is re-parented under it.
 */
final class ZipkinSource implements TraceSource {
    private final URI base;
    private final Duration lookback;
    private final int limit;
    private final Clock clock;

    ZipkinSource(URI base, Duration lookback, int limit, Clock clock) {
        this.base = base;
        this.lookback = lookback;
        this.limit = limit;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "zipkin";
    }

    @Override
    public SourceReport pullInto(LiveGraph graph) {
        long endTs = clock.millis();
        JsonNode services = HttpJson.get(base.resolve("/api/v2/services"));
        if (!services.isArray()) throw new TelemetryUnavailableException(base + "/api/v2/services: expected a JSON array of names");
        Set<String> seen = new HashSet<>();
        long traces = 0;
        long spans = 0;
        long malformed = 0;
        for (JsonNode service : services) {
            JsonNode found = HttpJson.get(base.resolve("/api/v2/traces?serviceName=" + HttpJson.query(service.asText())
                    + "&endTs=" + endTs + "&lookback=" + lookback.toMillis() + "&limit=" + limit));
            for (JsonNode trace : found) {
                if (trace.isEmpty() || !seen.add(trace.get(0).path("traceId").asText())) continue;
                List<SpanRecord> records = new ArrayList<>();
                for (JsonNode span : trace) {
                    SpanRecord r = ZipkinSpanReader.read(span);
                    if (r == null) {
                        malformed++;
                        graph.malformed(1, "zipkin span without traceId/id/localEndpoint.serviceName: " + HttpJson.abbreviate(span.toString()));
                    } else {
                        records.add(r);
                    }
                }
                graph.ingest(ZipkinSpanReader.unshare(records));
                traces++;
                spans += records.size();
            }
        }
        graph.flush();
        JsonNode links = HttpJson.get(base.resolve("/api/v2/dependencies?endTs=" + endTs + "&lookback=" + lookback.toMillis()));
        for (JsonNode link : links) {
            graph.link(link.path("parent").asText(), link.path("child").asText(), link.path("callCount").asLong(),
                    link.path("errorCount").asLong());
        }
        return new SourceReport(base.toString(), traces, spans, malformed);
    }
}
