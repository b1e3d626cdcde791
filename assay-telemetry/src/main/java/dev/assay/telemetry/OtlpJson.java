package dev.assay.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.assay.model.InvalidInputException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * OTLP/JSON ↔ {@link ExportTraceServiceRequest}. OTLP/JSON differs from protobuf's canonical JSON mapping in
 * one place that matters: trace and span ids are hex strings, not base64, so they are converted around
 * {@link JsonFormat}. An id that is not hex becomes empty, so the span is rejected as malformed on its own
 * instead of failing the whole request.
 */
public final class OtlpJson {
    /** The deepest nesting read (OTLP needs about 10 levels; attribute values may nest a few more). */
    static final int MAX_DEPTH = 100;
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build()).build();
    private static final List<String> ID_FIELDS = List.of("traceId", "spanId", "parentSpanId");

    private OtlpJson() {
    }

    /** Parses one OTLP/JSON request; throws {@link InvalidInputException} when it is not JSON of that shape. */
    public static ExportTraceServiceRequest parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) throw new InvalidInputException("OTLP/JSON: expected an object with resourceSpans");
            for (JsonNode rs : root.path("resourceSpans")) {
                for (JsonNode ss : rs.path("scopeSpans")) {
                    for (JsonNode span : ss.path("spans")) {
                        if (!span.isObject()) continue;
                        hexToBase64((ObjectNode) span);
                        for (JsonNode link : span.path("links")) if (link.isObject()) hexToBase64((ObjectNode) link);
                    }
                }
            }
            ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
            JsonFormat.parser().ignoringUnknownFields().merge(root.toString(), b);
            return b.build();
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidInputException("OTLP/JSON: " + e.getMessage());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = String.valueOf(e.getOriginalMessage()).replaceAll("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
            if (why.contains("nesting depth")) why = "nested deeper than " + MAX_DEPTH + " levels (the limit)";
            throw new InvalidInputException("OTLP/JSON: not JSON" + where + ": " + why.lines().findFirst().orElse(why));
        } catch (IOException e) {
            throw new InvalidInputException("OTLP/JSON: not JSON: " + e.getMessage());
        } catch (StackOverflowError | IllegalArgumentException e) { // protobuf's JsonFormat on values it cannot map
            throw new InvalidInputException("OTLP/JSON: not an ExportTraceServiceRequest: " + e.getMessage());
        }
    }

    /** Prints a request as OTLP/JSON (hex ids), as collectors' file exporters write it. */
    public static String print(ExportTraceServiceRequest request) {
        try {
            JsonNode root = JSON.readTree(JsonFormat.printer().omittingInsignificantWhitespace().print(request));
            for (JsonNode rs : root.path("resourceSpans")) {
                for (JsonNode ss : rs.path("scopeSpans")) {
                    for (JsonNode span : ss.path("spans")) base64ToHex((ObjectNode) span);
                }
            }
            return root.toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot print OTLP/JSON", e);
        }
    }

    private static void hexToBase64(ObjectNode node) {
        for (String f : ID_FIELDS) {
            JsonNode v = node.get(f);
            if (v == null || !v.isTextual()) continue;
            try {
                node.put(f, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.asText())));
            } catch (IllegalArgumentException notHex) {
                node.put(f, "");
            }
        }
    }

    private static void base64ToHex(ObjectNode node) {
        for (String f : ID_FIELDS) {
            JsonNode v = node.get(f);
            if (v != null && v.isTextual()) node.put(f, HexFormat.of().formatHex(Base64.getDecoder().decode(v.asText())));
        }
    }
}
