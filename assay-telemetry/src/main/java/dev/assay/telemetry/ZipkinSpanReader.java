package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** One Zipkin v2 JSON span → {@link SpanRecord}; {@code null} when it lacks what a span needs. */
final class ZipkinSpanReader {
    private ZipkinSpanReader() {
    }

    static SpanRecord read(JsonNode s) {
        String traceId = s.path("traceId").asText("");
        String id = s.path("id").asText("");
        String service = s.path("localEndpoint").path("serviceName").asText("");
        if (traceId.isEmpty() || id.isEmpty() || service.isEmpty()) return null;
        if (traceId.length() == 16) traceId = "0000000000000000" + traceId;
        JsonNode tags = s.path("tags");
        SpanRecord.Kind kind = switch (s.path("kind").asText("")) {
            case "SERVER" -> SpanRecord.Kind.SERVER;
            case "CLIENT" -> SpanRecord.Kind.CLIENT;
            case "PRODUCER" -> SpanRecord.Kind.PRODUCER;
            case "CONSUMER" -> SpanRecord.Kind.CONSUMER;
            default -> SpanRecord.Kind.INTERNAL;
        };
        long start = s.path("timestamp").asLong() * 1000;
        long end = start + s.path("duration").asLong() * 1000;
        String peer = tags.path("peer.service").asText(s.path("remoteEndpoint").path("serviceName").asText(""));
        boolean error = tags.has("error") || "ERROR".equals(tags.path("otel.status_code").asText());
        return new SpanRecord(traceId, id, s.path("parentId").asText(""), service, tags.path("service.version").asText(""),
                kind, s.path("name").asText(""), start, end, error, peer, tags.path("db.system").asText(""),
                tags.path("messaging.system").asText(""), tags.path("http.route").asText(""),
                tags.path("assay.service.kind").asText(""));
    }

    /** B3 shared spans: a SERVER span with its CLIENT's id gets its own id, parented under the CLIENT. */
    static List<SpanRecord> unshare(List<SpanRecord> trace) {
        Set<String> clientIds = new HashSet<>();
        for (SpanRecord r : trace) if (r.kind() == SpanRecord.Kind.CLIENT) clientIds.add(r.spanId());
        List<SpanRecord> out = new ArrayList<>(trace.size());
        for (SpanRecord r : trace) {
            if (r.kind() == SpanRecord.Kind.SERVER && clientIds.contains(r.spanId())) {
                out.add(new SpanRecord(r.traceId(), r.spanId() + "-shared", r.spanId(), r.service(), r.version(), r.kind(),
                        r.name(), r.startNanos(), r.endNanos(), r.error(), r.peer(), r.dbSystem(), r.messagingSystem(),
                        r.route(), r.serviceKind()));
            } else {
                out.add(r);
            }
        }
        return out;
    }
}
