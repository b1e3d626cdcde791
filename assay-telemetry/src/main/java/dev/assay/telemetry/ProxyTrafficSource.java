package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Traffic the fault proxy observed, read from its Prometheus-text {@code /metrics}: a request counter and an
 * error counter labelled with the caller and the callee of each proxied route. Metric and label names are
 * configurable ({@link Names}). Each labelled pair is an edge; an edge the traces already know keeps the
 * traces' figures.
 */
public final class ProxyTrafficSource implements TraceSource {
    /** Which series and labels mean what. */
    public record Names(String requestsTotal, String errorsTotal, String callerLabel, String calleeLabel) {
        public static final Names DEFAULT = new Names("assay_proxy_requests_total", "assay_proxy_errors_total", "caller", "upstream");

        public Names {
            requireNonNull(requestsTotal, "requestsTotal");
            requireNonNull(errorsTotal, "errorsTotal");
            requireNonNull(callerLabel, "callerLabel");
            requireNonNull(calleeLabel, "calleeLabel");
        }
    }

    private final URI metrics;
    private final Names names;

    private ProxyTrafficSource(URI metrics, Names names) {
        this.metrics = metrics;
        this.names = names;
    }

    /** Reads {@code metrics} (the proxy's {@code /metrics} URL) with the given names. */
    public static ProxyTrafficSource of(URI metrics, Names names) {
        return new ProxyTrafficSource(metrics, names);
    }

    @Override
    public String kind() {
        return "proxy";
    }

    @Override
    public SourceReport pullInto(LiveGraph graph) {
        PrometheusText.Parsed parsed = PrometheusText.parse(HttpJson.text(metrics));
        Map<String, long[]> byEdge = new HashMap<>();
        long unlabelled = 0;
        for (PrometheusText.Sample s : parsed.samples()) {
            int slot = s.name().equals(names.requestsTotal()) ? 0 : s.name().equals(names.errorsTotal()) ? 1 : -1;
            if (slot < 0) continue;
            String from = s.labels().getOrDefault(names.callerLabel(), "");
            String to = s.labels().getOrDefault(names.calleeLabel(), "");
            if (from.isEmpty() || to.isEmpty()) {
                unlabelled++;
                continue;
            }
            byEdge.computeIfAbsent(from + "\u0000" + to, k -> new long[2])[slot] += (long) s.value();
        }
        if (unlabelled > 0 || parsed.unreadableLines() > 0) {
            graph.malformed(0, metrics + ": " + parsed.unreadableLines() + " unreadable lines, " + unlabelled
                    + " samples without labels " + names.callerLabel() + "/" + names.calleeLabel());
        }
        byEdge.forEach((k, v) -> {
            String[] parts = k.split("\u0000");
            graph.link(parts[0], parts[1], v[0], v[1]);
        });
        return new SourceReport(metrics.toString(), 0, 0, 0);
    }
}
