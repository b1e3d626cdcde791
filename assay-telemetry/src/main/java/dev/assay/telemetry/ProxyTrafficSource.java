package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Traffic the fault proxy observed, read from its Prometheus-text {@code /metrics}: a request counter and an
 * error counter per proxy (summed over cohorts, routes and status classes). Which edge a sample belongs to:
 * its caller and callee labels when it has both, else the edge configured for its proxy label (a proxy
 * usually fronts one callee for one caller). Traffic from no named caller (no caller label, or
 * {@code caller="unknown"}) still shows its callee as a service, never as an edge from a guessed caller: the
 * callee label, else the proxy's name (assay init names each proxy after the service it fronts). Metric and label names are configurable ({@link Names}); an
 * edge the traces already know keeps the traces' figures.
 */
public final class ProxyTrafficSource implements TraceSource {
    /** Which series and labels mean what; {@link #DEFAULT} matches Assay's fault proxy. */
    public record Names(String requestsTotal, String errorsTotal, String proxyLabel, String callerLabel, String calleeLabel) {
        public static final Names DEFAULT = new Names("assay_proxy_http_requests_total", "assay_proxy_http_errors_total",
                "proxy", "caller", "callee");

        public Names {
            requireNonNull(requestsTotal, "requestsTotal");
            requireNonNull(errorsTotal, "errorsTotal");
            requireNonNull(proxyLabel, "proxyLabel");
            requireNonNull(callerLabel, "callerLabel");
            requireNonNull(calleeLabel, "calleeLabel");
        }
    }

    /** The caller label's value for a connection whose caller the proxy could not name. */
    static final String UNKNOWN_CALLER = "unknown";

    private final URI metrics;
    private final Names names;
    private final Map<String, String> proxyEdges;

    private ProxyTrafficSource(URI metrics, Names names, Map<String, String> proxyEdges) {
        this.metrics = metrics;
        this.names = names;
        this.proxyEdges = Map.copyOf(proxyEdges);
        proxyEdges.forEach((p, e) -> {
            if (!e.contains("->")) throw new IllegalArgumentException("proxy '" + p + "': edge must be written caller->callee, was '" + e + "'");
        });
    }

    /**
     * Reads {@code metrics} (the proxy's {@code /metrics} URL); {@code proxyEdges} maps a proxy name to the edge
     * ({@code caller->callee}) it sits on, for samples without caller/callee labels.
     */
    public static ProxyTrafficSource of(URI metrics, Names names, Map<String, String> proxyEdges) {
        return new ProxyTrafficSource(metrics, names, proxyEdges);
    }

    @Override
    public String kind() {
        return "proxy";
    }

    @Override
    public SourceReport pullInto(LiveGraph graph) {
        PrometheusTextParser.Parsed parsed = PrometheusTextParser.parse(HttpJson.text(metrics));
        Map<String, long[]> byEdge = new HashMap<>();
        long unplaced = 0;
        java.util.Set<String> callees = new java.util.TreeSet<>();
        for (PrometheusTextParser.Sample s : parsed.samples()) {
            int slot = s.name().equals(names.requestsTotal()) ? 0 : s.name().equals(names.errorsTotal()) ? 1 : -1;
            if (slot < 0) continue;
            String from = s.labels().getOrDefault(names.callerLabel(), "");
            if (from.equals(UNKNOWN_CALLER)) from = "";
            String proxy = s.labels().getOrDefault(names.proxyLabel(), "");
            String to = s.labels().getOrDefault(names.calleeLabel(), "");
            String edge = !from.isEmpty() && !to.isEmpty() ? from + "->" + to : proxyEdges.getOrDefault(proxy, "");
            if (edge.isEmpty()) {
                String callee = !to.isEmpty() ? to : proxy;
                if (callee.isEmpty()) unplaced++;
                else if (slot == 0 && s.value() > 0) callees.add(callee);
                continue;
            }
            byEdge.computeIfAbsent(edge, k -> new long[2])[slot] += (long) s.value();
        }
        if (unplaced > 0 || parsed.unreadableLines() > 0) {
            graph.malformed(0, metrics + ": " + parsed.unreadableLines() + " unreadable lines, " + unplaced
                    + " samples with neither " + names.callerLabel() + "/" + names.calleeLabel() + " labels nor a known "
                    + names.proxyLabel());
        }
        callees.forEach(graph::service);
        byEdge.forEach((edge, v) -> {
            int arrow = edge.indexOf("->");
            graph.link(edge.substring(0, arrow), edge.substring(arrow + 2), v[0], v[1]);
        });
        return new SourceReport(metrics.toString(), 0, 0, 0);
    }
}
