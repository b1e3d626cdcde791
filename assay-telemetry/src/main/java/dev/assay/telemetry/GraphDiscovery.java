package dev.assay.telemetry;

import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One discovery run over any mix of sources, what {@code assay graph} does: pull every configured source
 * into one {@link LiveGraph} (optionally also listening for OTLP for a while), then snapshot it.
 */
public final class GraphDiscovery {
    private final Clock clock;
    private final List<TraceSource> sources = new ArrayList<>();
    private Optional<InetSocketAddress> listen = Optional.empty();
    private Duration listenFor = Duration.ZERO;
    private Duration lookback = Duration.ofHours(1);
    private int limit = 1000;
    private MeshTrafficSource.WorkloadNames workloadNames = MeshTrafficSource.WorkloadNames.AS_IS;

    private GraphDiscovery(Clock clock) {
        this.clock = clock;
    }

    public static GraphDiscovery create(Clock clock) {
        return new GraphDiscovery(clock);
    }

    /** What one run found, and what each source contributed. */
    public record Result(GraphSnapshot snapshot, List<TraceSource.SourceReport> reports) {
        public Result {
            reports = List.copyOf(reports);
        }
    }

    public GraphDiscovery lookback(Duration lookback, int limitPerService) {
        this.lookback = lookback;
        this.limit = limitPerService;
        return this;
    }

    public GraphDiscovery zipkin(URI base) {
        sources.add(TraceSource.zipkin(base, lookback, limit, clock));
        return this;
    }

    public GraphDiscovery jaeger(URI base) {
        sources.add(TraceSource.jaeger(base, lookback, limit, clock));
        return this;
    }

    public GraphDiscovery otlpFile(Path file) {
        sources.add(TraceSource.otlpFile(file));
        return this;
    }

    public GraphDiscovery source(TraceSource source) {
        sources.add(source);
        return this;
    }

    /** Also receive OTLP on {@code address} for {@code duration} before the snapshot. */
    public GraphDiscovery listenOtlp(InetSocketAddress address, Duration duration) {
        this.listen = Optional.of(address);
        this.listenFor = duration;
        return this;
    }

    /** How mesh workloads become service names (the cluster's labels, from assay-k8s); default: as the mesh names them. */
    public GraphDiscovery workloadNames(MeshTrafficSource.WorkloadNames names) {
        this.workloadNames = names;
        return this;
    }

    /** Edges from {@code mesh}'s request metrics in the Prometheus at {@code base}, over the lookback. */
    public GraphDiscovery mesh(URI base, ServiceMesh mesh) {
        sources.add(MeshTrafficSource.of(base, mesh, lookback, clock, w -> workloadNames.service(w)));
        return this;
    }

    /** Every graph source of a system configuration (Prometheus only with {@code mesh:}; else it is for SLIs). */
    public GraphDiscovery system(SystemConfig system, Optional<Duration> listenFor) {
        for (TelemetrySourceConfig t : system.telemetry()) {
            switch (t.kind()) {
                case ZIPKIN -> zipkin(URI.create(t.address()));
                case JAEGER -> jaeger(URI.create(t.address()));
                case OTLP_FILE -> otlpFile(Path.of(t.address()));
                case PROXY -> source(ProxyTrafficSource.of(URI.create(t.address()), names(t), edges(t), lookback, clock));
                case OTLP -> listenFor.ifPresent(d -> listenOtlp(address(t.address()), d));
                case PROMETHEUS -> mesh(t).ifPresent(m -> mesh(URI.create(t.address()), m));
                case KUBERNETES -> { } // services from the cluster: assay-k8s's ClusterDiscovery
            }
        }
        return this;
    }

    public boolean hasSources() {
        return !sources.isEmpty() || listen.isPresent();
    }

    public Result run() {
        LiveGraph graph = LiveGraph.create(clock);
        List<TraceSource.SourceReport> reports = new ArrayList<>();
        if (listen.isPresent()) {
            try (OtlpReceiver receiver = OtlpReceiver.start(listen.get(), graph)) {
                Thread.sleep(listenFor.toMillis());
                reports.add(new TraceSource.SourceReport("otlp " + listen.get().getHostString() + ":" + receiver.port(), 0, 0, 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (TraceSource s : sources) if (!s.fromMetrics()) reports.add(s.pullInto(graph));
        graph.flush(); // traces analysed first: an edge they show keeps their figures
        for (TraceSource s : sources) if (s.fromMetrics()) reports.add(s.pullInto(graph));
        graph.flush();
        return new Result(graph.snapshot(), reports);
    }

    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) throw new dev.assay.model.InvalidInputException("expected HOST:PORT, got '" + hostPort + "'");
        try {
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new dev.assay.model.InvalidInputException("expected HOST:PORT with a port number, got '" + hostPort + "'");
        }
    }

    /** The mesh of a {@code prometheus} source's {@code mesh:} option (the parser has checked it). */
    static Optional<ServiceMesh> mesh(TelemetrySourceConfig t) {
        return Optional.ofNullable(t.options().get("mesh")).map(id -> ServiceMesh.byId(id).orElseThrow(() -> new dev.assay.model.InvalidInputException(
                "prometheus source " + t.address() + ": unknown mesh '" + id + "'; use one of " + ServiceMesh.ids())));
    }

    static ProxyTrafficSource.Names names(TelemetrySourceConfig t) {
        ProxyTrafficSource.Names d = ProxyTrafficSource.Names.DEFAULT;
        return new ProxyTrafficSource.Names(t.options().getOrDefault("requestsMetric", d.requestsTotal()),
                t.options().getOrDefault("errorsMetric", d.errorsTotal()), d.proxyLabel(), d.callerLabel(), d.calleeLabel());
    }

    static Map<String, String> edges(TelemetrySourceConfig t) {
        Map<String, String> out = new HashMap<>();
        t.options().forEach((k, v) -> {
            if (k.startsWith("edge.")) out.put(k.substring(5), v);
        });
        return out;
    }
}
