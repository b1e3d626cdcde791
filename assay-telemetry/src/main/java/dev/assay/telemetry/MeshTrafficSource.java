package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Edges from a service mesh's request metrics in Prometheus ({@link ServiceMesh}): per caller → callee workload
 * over the trailing window, the calls (Prometheus's {@code increase}), the error share, calls per second, and calls
 * per request of the caller (calls on the edge / requests the caller itself received, when the mesh saw any; else 1,
 * reported). Workloads become Assay service names through {@link WorkloadNames} (on a cluster: the labels of the
 * Deployments and Services, see assay-k8s), else keep their own name. Requests from outside the mesh make no edge:
 * their callee is a service and they are reported. Istio counts each request twice (the client's sidecar,
 * {@code reporter="source"}, and the server's); the client's count is used where there is one. No latency: mesh
 * figures never replace those of an edge the traces show (traces win, whatever the order of the sources).
 */
public final class MeshTrafficSource implements TraceSource {
    /** A workload as the mesh names it: its namespace and its name (usually a Deployment's, or a Service's). */
    public record Workload(String namespace, String name) {
        public Workload {
            requireNonNull(namespace, "namespace");
            requireNonNull(name, "name");
        }
    }

    /** The Assay service a workload is, when something (the cluster) knows; empty: the workload's own name. */
    @FunctionalInterface
    public interface WorkloadNames {
        WorkloadNames AS_IS = w -> Optional.empty();

        Optional<String> service(Workload workload);
    }

    private final URI prometheus;
    private final ServiceMesh mesh;
    private final Duration window;
    private final Clock clock;
    private final WorkloadNames names;

    private MeshTrafficSource(URI prometheus, ServiceMesh mesh, Duration window, Clock clock, WorkloadNames names) {
        this.prometheus = prometheus;
        this.mesh = mesh;
        this.window = window;
        this.clock = clock;
        this.names = names;
    }

    /** Reads {@code mesh}'s metrics from the Prometheus at {@code prometheus} over the trailing {@code window}. */
    public static MeshTrafficSource of(URI prometheus, ServiceMesh mesh, Duration window, Clock clock, WorkloadNames names) {
        if (window.toMillis() < 1000) throw new IllegalArgumentException("mesh window must be at least 1s, was " + window);
        return new MeshTrafficSource(prometheus, mesh, window, clock, names);
    }

    @Override
    public String kind() {
        return mesh.id();
    }

    @Override
    public boolean fromMetrics() {
        return true;
    }

    @Override
    public SourceReport pullInto(LiveGraph graph) {
        Instant at = clock.instant();
        String w = PromQl.duration(window);
        JsonNode series = query(mesh.edgesQuery(w), at).path("result");
        if (series.isEmpty()) {
            if (query("count(" + mesh.metric + ")", at).path("result").isEmpty()) {
                throw new TelemetryUnavailableException("mesh " + mesh.id() + ": Prometheus at " + prometheus + " has no series " + mesh.metric
                        + "; check that it scrapes " + mesh.scrapedFrom + ", or that the mesh is " + mesh.id() + " (mesh: "
                        + String.join(" | ", ServiceMesh.ids()) + ")", prometheus.toString(), null);
            }
            graph.malformed(0, source() + ": no requests in the last " + w);
            return new SourceReport(source(), 0, 0, 0);
        }
        record Pair(Optional<Workload> from, Workload to) {
        }
        Map<Pair, Map<String, double[]>> byReporter = new LinkedHashMap<>(); // reporter -> {calls, errors}
        long unplaced = 0;
        for (JsonNode s : series) {
            Optional<ServiceMesh.Calls> c = mesh.calls(s.path("metric"), value(s));
            if (c.isEmpty()) {
                unplaced++;
                continue;
            }
            double[] v = byReporter.computeIfAbsent(new Pair(c.get().from(), c.get().to()), k -> new TreeMap<>())
                    .computeIfAbsent(c.get().reporter(), k -> new double[2]);
            v[0] += c.get().calls();
            v[1] += c.get().errors();
        }
        Map<Pair, double[]> calls = new LinkedHashMap<>();
        Map<Workload, Double> inbound = new LinkedHashMap<>();
        byReporter.forEach((pair, reporters) -> {
            double[] chosen = reporters.getOrDefault("source", reporters.values().stream().max((a, b) -> Double.compare(a[0], b[0])).orElseThrow());
            calls.put(pair, chosen);
            inbound.merge(pair.to(), chosen[0], Double::sum);
        });
        mesh.inboundQuery(w).ifPresent(q -> {
            inbound.clear();
            for (JsonNode s : query(q, at).path("result")) mesh.inbound(s.path("metric")).ifPresent(x -> inbound.merge(x, value(s), Double::sum));
        });
        double seconds = window.toMillis() / 1000.0;
        Map<String, Long> outside = new TreeMap<>();
        Map<String, String> noInbound = new TreeMap<>();
        calls.forEach((pair, v) -> {
            long n = Math.round(v[0]);
            String to = name(pair.to());
            if (n == 0) return;
            if (pair.from().isEmpty()) {
                graph.service(to);
                outside.merge(to, n, Long::sum);
                return;
            }
            String from = name(pair.from().get());
            double callerRequests = inbound.getOrDefault(pair.from().get(), 0.0);
            double cpr = callerRequests >= 1 ? Math.max(0.01, Math.round(100.0 * v[0] / callerRequests) / 100.0) : 1.0;
            if (callerRequests < 1) noInbound.put(from, from);
            graph.measured(new EdgeStats(from, to, true, n, Math.min(n, Math.round(v[1])), cpr, v[0] / seconds, EdgeStats.Latency.NONE,
                    at.minus(window), at, EdgeStats.Inference.NONE));
        });
        if (unplaced > 0) graph.malformed(0, source() + ": " + unplaced + " series name no callee workload or service");
        if (!outside.isEmpty()) graph.malformed(0, source() + ": requests from outside the mesh make no edge: " + outside);
        if (!noInbound.isEmpty()) graph.malformed(0, source() + ": calls per request unknown (cpr 1) for callers the mesh saw receive nothing: "
                + noInbound.keySet());
        return new SourceReport(source(), 0, 0, 0);
    }

    private String name(Workload w) {
        return names.service(w).orElse(w.name());
    }

    private String source() {
        return mesh.id() + " via " + prometheus;
    }

    private JsonNode query(String promql, Instant at) {
        try {
            return PromQl.query(prometheus, promql, at);
        } catch (TelemetryUnavailableException e) {
            throw new TelemetryUnavailableException("mesh " + mesh.id() + " (" + mesh.metric + "): " + e.getMessage(), prometheus.toString(), e);
        }
    }

    private static double value(JsonNode series) {
        try {
            double v = Double.parseDouble(series.path("value").path(1).asText("NaN"));
            return Double.isFinite(v) && v > 0 ? v : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
