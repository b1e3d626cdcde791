package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/** Small helpers around the Prometheus HTTP API: durations in PromQL syntax, instant queries. */
final class PromQl {
    private PromQl() {
    }

    /** {@code 5m}, {@code 30s}, {@code 1500ms}: the shortest exact PromQL spelling. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }

    static String withWindow(String template, Duration window) {
        return template.replace("$window", duration(window));
    }

    /** {@code /api/v1/query} at {@code time}; the {@code data} node of a successful answer. */
    static JsonNode query(URI base, String promql, Instant time) {
        URI uri = base.resolve("/api/v1/query?query=" + HttpJson.query(promql) + "&time=" + time.toEpochMilli() / 1000.0);
        JsonNode root = HttpJson.get(uri);
        if (!"success".equals(root.path("status").asText())) {
            throw new TelemetryUnavailableException("Prometheus refused " + promql + ": " + root.path("error").asText());
        }
        return root.path("data");
    }

    /** {@code /api/v1/query_range} from {@code start} to {@code end} every {@code step}. */
    static JsonNode queryRange(URI base, String promql, Instant start, Instant end, Duration step) {
        URI uri = base.resolve("/api/v1/query_range?query=" + HttpJson.query(promql) + "&start=" + start.toEpochMilli() / 1000.0
                + "&end=" + end.toEpochMilli() / 1000.0 + "&step=" + step.toMillis() / 1000.0);
        JsonNode root = HttpJson.get(uri);
        if (!"success".equals(root.path("status").asText())) {
            throw new TelemetryUnavailableException("Prometheus refused " + promql + ": " + root.path("error").asText());
        }
        return root.path("data");
    }
}
