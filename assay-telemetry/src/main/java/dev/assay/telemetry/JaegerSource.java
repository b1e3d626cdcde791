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
 * Reads Jaeger's query API (the one its UI uses): {@code /api/services}, up to {@code limit} traces per service
 * from {@code /api/traces}, then {@code /api/dependencies}. Each answer is {@code {"data": ...}}; a span's
 * service comes from its process, its kind and status from the {@code span.kind}, {@code error} and
 * {@code otel.status_code} tags, its parent from the first {@code CHILD_OF} reference.
 */
final class JaegerSource implements TraceSource {
    private final URI base;
    private final Duration lookback;
    private final int limit;
    private final Clock clock;

    JaegerSource(URI base, Duration lookback, int limit, Clock clock) {
        this.base = base;
        this.lookback = lookback;
        this.limit = limit;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "jaeger";
    }

    @Override
    public SourceReport pullInto(LiveGraph graph) {
        long endMicros = clock.millis() * 1000;
        long startMicros = endMicros - lookback.toNanos() / 1000;
        JsonNode services = HttpJson.get(base.resolve("/api/services")).path("data");
        if (!services.isArray()) throw new TelemetryUnavailableException(base + "/api/services: expected {\"data\": [names]}");
        Set<String> seen = new HashSet<>();
        long traces = 0;
        long spans = 0;
        long malformed = 0;
        for (JsonNode service : services) {
            JsonNode found = HttpJson.get(base.resolve("/api/traces?service=" + HttpJson.query(service.asText())
                    + "&start=" + startMicros + "&end=" + endMicros + "&limit=" + limit)).path("data");
            for (JsonNode trace : found) {
                if (!seen.add(trace.path("traceID").asText())) continue;
                List<SpanRecord> records = new ArrayList<>();
                JsonNode processes = trace.path("processes");
                for (JsonNode span : trace.path("spans")) {
                    SpanRecord r = read(span, processes);
                    if (r == null) {
                        malformed++;
                        graph.malformed(1, "jaeger span without traceID/spanID/process: " + HttpJson.abbreviate(span.toString()));
                    } else {
                        records.add(r);
                    }
                }
                graph.ingest(records);
                traces++;
                spans += records.size();
            }
        }
        graph.flush();
        JsonNode links = HttpJson.get(base.resolve("/api/dependencies?endTs=" + endMicros / 1000 + "&lookback=" + lookback.toMillis())).path("data");
        for (JsonNode link : links) {
            graph.link(link.path("parent").asText(), link.path("child").asText(), link.path("callCount").asLong(), 0);
        }
        return new SourceReport(base.toString(), traces, spans, malformed);
    }

    static SpanRecord read(JsonNode span, JsonNode processes) {
        String traceId = span.path("traceID").asText("");
        String id = span.path("spanID").asText("");
        JsonNode process = processes.path(span.path("processID").asText(""));
        String service = process.path("serviceName").asText("");
        if (traceId.isEmpty() || id.isEmpty() || service.isEmpty()) return null;
        if (traceId.length() == 16) traceId = "0000000000000000" + traceId;
        String parent = "";
        for (JsonNode ref : span.path("references")) {
            if ("CHILD_OF".equals(ref.path("refType").asText()) || parent.isEmpty()) parent = ref.path("spanID").asText("");
            if ("CHILD_OF".equals(ref.path("refType").asText())) break;
        }
        String kind = tag(span.path("tags"), "span.kind");
        String peer = tag(span.path("tags"), "peer.service");
        if (peer.isEmpty()) peer = tag(span.path("tags"), "server.address");
        boolean error = "true".equals(tag(span.path("tags"), "error")) || "ERROR".equals(tag(span.path("tags"), "otel.status_code"));
        String version = tag(process.path("tags"), "service.version");
        long start = span.path("startTime").asLong() * 1000;
        return new SpanRecord(traceId, id, parent, service, version, switch (kind) {
            case "server" -> SpanRecord.Kind.SERVER;
            case "client" -> SpanRecord.Kind.CLIENT;
            case "producer" -> SpanRecord.Kind.PRODUCER;
            case "consumer" -> SpanRecord.Kind.CONSUMER;
            default -> SpanRecord.Kind.INTERNAL;
        }, span.path("operationName").asText(""), start, start + span.path("duration").asLong() * 1000, error, peer,
                tag(span.path("tags"), "db.system"), tag(span.path("tags"), "messaging.system"),
                tag(span.path("tags"), "http.route"), tag(process.path("tags"), "assay.service.kind"));
    }

    private static String tag(JsonNode tags, String key) {
        for (JsonNode t : tags) if (key.equals(t.path("key").asText())) return t.path("value").asText("");
        return "";
    }
}
