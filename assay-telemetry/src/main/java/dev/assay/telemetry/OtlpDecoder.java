package dev.assay.telemetry;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * OTLP {@link ExportTraceServiceRequest} → {@link SpanRecord}s. A span is malformed (counted, reported, skipped)
 * when its trace id is not 16 non-zero bytes, its span id not 8, its parent id neither empty nor 8 bytes, it
 * ends before it starts, or its resource has no {@code service.name}.
 */
final class OtlpDecoder {
    private OtlpDecoder() {
    }

    /** The decoded spans, plus the count and first reason of those rejected. */
    record Result(List<SpanRecord> spans, int rejected, String firstReason) {
    }

    static Result decode(ExportTraceServiceRequest request) {
        List<SpanRecord> out = new ArrayList<>();
        int rejected = 0;
        String reason = "";
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = "";
            String version = "";
            String kind = "";
            for (KeyValue kv : rs.getResource().getAttributesList()) {
                switch (kv.getKey()) {
                    case "service.name" -> service = text(kv.getValue());
                    case "service.version" -> version = text(kv.getValue());
                    case "assay.service.kind" -> kind = text(kv.getValue());
                    default -> { }
                }
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    String problem = problem(span, service);
                    if (problem != null) {
                        if (rejected++ == 0) reason = problem;
                        continue;
                    }
                    out.add(record(span, service, version, kind));
                }
            }
        }
        return new Result(out, rejected, reason);
    }

    private static String problem(Span span, String service) {
        if (service.isEmpty()) return "resource without service.name";
        if (span.getTraceId().size() != 16 || allZero(span.getTraceId())) return "span '" + span.getName() + "': trace id must be 16 non-zero bytes, was " + span.getTraceId().size();
        if (span.getSpanId().size() != 8) return "span '" + span.getName() + "': span id must be 8 bytes, was " + span.getSpanId().size();
        int p = span.getParentSpanId().size();
        if (p != 0 && p != 8) return "span '" + span.getName() + "': parent span id must be empty or 8 bytes, was " + p;
        if (span.getEndTimeUnixNano() < span.getStartTimeUnixNano()) return "span '" + span.getName() + "': ends before it starts";
        return null;
    }

    private static boolean allZero(ByteString b) {
        for (int i = 0; i < b.size(); i++) if (b.byteAt(i) != 0) return false;
        return true;
    }

    private static SpanRecord record(Span span, String service, String version, String serviceKind) {
        String peer = "";
        String address = "";
        String db = "";
        String messaging = "";
        String route = "";
        for (KeyValue kv : span.getAttributesList()) {
            switch (kv.getKey()) {
                case "peer.service" -> peer = text(kv.getValue());
                case "server.address", "net.peer.name" -> address = text(kv.getValue());
                case "db.system" -> db = text(kv.getValue());
                case "messaging.system" -> messaging = text(kv.getValue());
                case "http.route" -> route = text(kv.getValue());
                default -> { }
            }
        }
        SpanRecord.Kind kind = switch (span.getKind()) {
            case SPAN_KIND_SERVER -> SpanRecord.Kind.SERVER;
            case SPAN_KIND_CLIENT -> SpanRecord.Kind.CLIENT;
            case SPAN_KIND_PRODUCER -> SpanRecord.Kind.PRODUCER;
            case SPAN_KIND_CONSUMER -> SpanRecord.Kind.CONSUMER;
            default -> SpanRecord.Kind.INTERNAL;
        };
        // Ids only join spans of one source, so the raw bytes as a Latin-1 string serve (and cost a copy, not hex).
        String parent = span.getParentSpanId().isEmpty() ? "" : span.getParentSpanId().toString(StandardCharsets.ISO_8859_1);
        return new SpanRecord(span.getTraceId().toString(StandardCharsets.ISO_8859_1), span.getSpanId().toString(StandardCharsets.ISO_8859_1),
                parent, service, version, kind, span.getName(), span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR,
                peer.isEmpty() ? address : peer, db, messaging, route, serviceKind);
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> Long.toString(v.getIntValue());
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            default -> "";
        };
    }
}
