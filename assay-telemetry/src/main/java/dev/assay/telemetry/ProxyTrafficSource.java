package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic the fault proxy observed. From Assay's proxy, its counter history over the lookback window
 * ({@code GET /history}): one edge per (caller, callee) the proxy named, with calls and errors in the window,
 * calls per second over the time the proxy observed, calls per request of the caller (calls on the edge /
 * requests the caller's own proxy received in the same window) and latency percentiles from the proxy's
 * histograms. Calls from an unknown caller make no edge (they are reported), unless the proxy is in the
 * optional {@code proxyEdges} override ({@code proxy -> caller->callee}), which wins for its proxy.
 *
 * <p>From any other Prometheus-text {@code /metrics} (no {@code /history}): a request and an error counter
 * per sample, placed by its caller/callee labels or the override; those totals have no window, so the rate
 * is left at 0 and cpr at 1 (reported). Names are configurable ({@link Names}); an edge the traces already
 * know keeps the traces' figures.
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

    private final java.time.Duration window;
    private final java.time.Clock clock;

    private ProxyTrafficSource(URI metrics, Names names, Map<String, String> proxyEdges, java.time.Duration window, java.time.Clock clock) {
        this.metrics = metrics;
        this.window = window;
        this.clock = clock;
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
        return new ProxyTrafficSource(metrics, names, proxyEdges, java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
    }

    /** Like {@link #of(URI, Names, Map)}, over the trailing {@code window} of the proxy's history. */
    public static ProxyTrafficSource of(URI metrics, Names names, Map<String, String> proxyEdges, java.time.Duration window, java.time.Clock clock) {
        return new ProxyTrafficSource(metrics, names, proxyEdges, window, clock);
    }

    @Override
    public String kind() {
        return "proxy";
    }

    @Override
    public boolean fromMetrics() {
        return true;
    }

    @Override
    public SourceReport pullInto(LiveGraph graph) {
        if (names.equals(Names.DEFAULT)) {
            ProxyHistory.Window w;
            try {
                w = ProxyHistory.read(metrics, window, java.util.Optional.empty());
            } catch (TelemetryUnavailableException e) {
                if (!e.getMessage().contains("HTTP 404")) throw e;
                w = null; // not Assay's proxy (or an older one): plain counters below
            }
            if (w != null) return fromHistory(graph, w);
        }
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
        if (!byEdge.isEmpty()) graph.malformed(0, metrics + ": no /history, so per-edge rates and calls per request are unknown (rate 0, cpr 1)");
        return new SourceReport(metrics.toString(), 0, 0, 0);
    }

    private SourceReport fromHistory(LiveGraph graph, ProxyHistory.Window w) {
        record Key(String from, String to) {
        }
        Map<Key, long[]> counts = new java.util.LinkedHashMap<>(); // {requests, errors, connections}
        Map<Key, long[]> buckets = new HashMap<>();
        Map<String, Long> unknown = new java.util.TreeMap<>();
        for (ProxyHistory.Series s : w.series()) {
            String override = proxyEdges.get(s.proxy());
            Key k;
            if (override != null) {
                int arrow = override.indexOf("->");
                k = new Key(override.substring(0, arrow).strip(), override.substring(arrow + 2).strip());
            } else if (s.caller().isEmpty() || s.caller().equals("unknown")) {
                unknown.merge(s.callee(), Math.max(s.requests(), s.connections()), Long::sum);
                continue;
            } else {
                k = new Key(s.caller(), s.callee());
            }
            long[] c = counts.computeIfAbsent(k, x -> new long[3]);
            c[0] += s.requests();
            c[1] += s.errors();
            c[2] += s.connections();
            long[] b = buckets.computeIfAbsent(k, x -> new long[s.buckets().length]);
            for (int i = 0; i < Math.min(b.length, s.buckets().length); i++) b[i] += s.buckets()[i];
        }
        double seconds = Math.max(1e-3, w.covered().toMillis() / 1000.0);
        java.time.Instant to = clock.instant();
        java.time.Instant from = to.minus(w.covered());
        List<String> noCallerRequests = new java.util.ArrayList<>();
        counts.forEach((k, c) -> {
            long calls = c[0] > 0 ? c[0] : c[2];
            if (calls == 0) return;
            long callerRequests = w.requests(s -> s.callee().equals(k.from()) && !s.route().isEmpty());
            double cpr = 1.0;
            if (c[0] > 0 && callerRequests > 0) cpr = (double) c[0] / callerRequests;
            else noCallerRequests.add(k.from());
            long[] b = buckets.get(k);
            EdgeStats.Latency latency = c[0] == 0 ? EdgeStats.Latency.NONE : new EdgeStats.Latency(
                    ProxyHistory.quantileMs(b, w.le(), 0.50).orElse(0.0), ProxyHistory.quantileMs(b, w.le(), 0.90).orElse(0.0),
                    ProxyHistory.quantileMs(b, w.le(), 0.99).orElse(0.0), ProxyHistory.quantileMs(b, w.le(), 1.0).orElse(0.0));
            graph.measured(new EdgeStats(k.from(), k.to(), true, calls, Math.min(c[1], calls), cpr, calls / seconds, latency, from, to,
                    EdgeStats.Inference.NONE));
        });
        if (!unknown.isEmpty()) {
            graph.malformed(0, metrics + ": calls from an unknown caller (not a declared service on this host) make no edge: " + unknown);
        }
        if (!noCallerRequests.isEmpty()) {
            graph.malformed(0, metrics + ": calls per request unknown (cpr 1) for callers no proxy fronts: " + new java.util.TreeSet<>(noCallerRequests));
        }
        return new SourceReport(metrics.toString(), 0, 0, 0);
    }
}
