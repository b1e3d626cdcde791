package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A windowed read of the fault proxy's counter history ({@code GET /history?window=..}): per series
 * (proxy, callee, caller, route, cohort) the connections, requests, errors and latency bucket counts, and
 * the time the proxy actually observed inside the window. Latency percentiles are interpolated inside the
 * histogram's buckets, as Prometheus' {@code histogram_quantile} does.
 */
final class ProxyHistory {
    record Series(String proxy, String callee, String caller, String route, String cohort, long connections, long requests, long errors,
                  long[] buckets) {
    }

    /** {@code le} are the buckets' upper bounds in seconds (the last one infinite). */
    record Window(Duration covered, double[] le, List<Series> series) {
        long requests(java.util.function.Predicate<Series> which) {
            return series.stream().filter(which).mapToLong(Series::requests).sum();
        }

        long errors(java.util.function.Predicate<Series> which) {
            return series.stream().filter(which).mapToLong(Series::errors).sum();
        }
    }

    private ProxyHistory() {
    }

    /** The admin API's base URL from a configured address (the {@code /metrics} URL or the API itself). */
    static URI base(URI address) {
        String s = address.toString().replaceAll("/+$", "");
        if (s.endsWith("/metrics")) s = s.substring(0, s.length() - "/metrics".length());
        return URI.create(s);
    }

    /** Reads the window; throws {@link TelemetryUnavailableException} when the proxy cannot answer it. */
    static Window read(URI address, Duration window, Optional<String> proxy) {
        String q = "window=" + Math.max(1, window.toSeconds()) + "s" + proxy.map(p -> "&proxy=" + URLEncoder.encode(p, StandardCharsets.UTF_8)).orElse("");
        JsonNode n = HttpJson.get(URI.create(base(address) + "/history?" + q));
        JsonNode le = n.path("bucketsLe");
        double[] bounds = new double[le.size()];
        for (int i = 0; i < bounds.length; i++) bounds[i] = le.get(i).isNumber() ? le.get(i).asDouble() : Double.POSITIVE_INFINITY;
        List<Series> out = new ArrayList<>();
        for (JsonNode s : n.path("series")) {
            long[] b = new long[s.path("buckets").size()];
            for (int i = 0; i < b.length; i++) b[i] = s.path("buckets").get(i).asLong();
            out.add(new Series(s.path("proxy").asText(), s.path("callee").asText(), s.path("caller").asText(), s.path("route").asText(),
                    s.path("cohort").asText(), s.path("connections").asLong(), s.path("requests").asLong(), s.path("errors").asLong(), b));
        }
        return new Window(Duration.ofMillis(Math.round(n.path("coveredSeconds").asDouble() * 1000)), bounds, List.copyOf(out));
    }

    /**
     * The {@code q} quantile in milliseconds of merged bucket counts: linear inside the bucket it falls in; the
     * open last bucket answers its lower bound. Empty without observations.
     */
    static Optional<Double> quantileMs(long[] counts, double[] le, double q) {
        long total = 0;
        for (long c : counts) total += c;
        if (total == 0) return Optional.empty();
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            if (seen + counts[i] >= rank && counts[i] > 0) {
                double lower = i == 0 ? 0 : le[i - 1];
                if (Double.isInfinite(le[i])) return Optional.of(lower * 1000);
                return Optional.of(1000 * (lower + (le[i] - lower) * (rank - seen) / counts[i]));
            }
            seen += counts[i];
        }
        return Optional.of(1000 * le[le.length - 2]);
    }
}
