package dev.assay.testkit;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Resilience;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import dev.assay.testkit.GeneratedSpan.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Emits realistic trace trees for a {@link Topology}, as OpenTelemetry instrumentation would: every journey is
 * walked from its entry (a SERVER span named after the route), each sync edge becomes a CLIENT span in the
 * caller with a SERVER child in the callee, each async edge a PRODUCER/CONSUMER pair; uninstrumented peers
 * (databases, caches, queues, externals without callees) are only seen through the caller's span with
 * {@code peer.service} (+ {@code db.system} / {@code messaging.system}). Declared resilience is acted out:
 * failures on an edge with a timeout end at exactly the timeout, retries repeat the call, a fallback hides
 * the failure from the caller. Edges no journey walks get background traffic from their caller.
 * Deterministic for a given seed.
 */
public final class SpanGenerator {
    private final Topology topology;
    private final Random random;
    private final double errorRate;
    private final int tracesPerWeight;
    private final Map<String, String> versions;
    private long clockMicros;

    private SpanGenerator(Builder b) {
        this.topology = b.topology;
        this.random = new Random(b.seed);
        this.errorRate = b.errorRate;
        this.tracesPerWeight = b.tracesPerWeight;
        this.versions = Map.copyOf(b.versions);
        this.clockMicros = b.start.toEpochMilli() * 1000;
    }

    public static Builder builder(Topology topology) {
        return new Builder(topology);
    }

    /** Traffic for every journey ({@code round(weight * tracesPerWeight)} traces each) plus background traffic. */
    public List<List<GeneratedSpan>> traces() {
        List<List<GeneratedSpan>> out = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (Journey j : topology.journeys()) {
            covered.addAll(walkEdges(j.entry(), allowed(j), new LinkedHashSet<>()));
            long n = Math.max(1, Math.round(j.weight() * tracesPerWeight));
            for (int i = 0; i < n; i++) out.add(journeyTrace(j));
        }
        for (Edge e : topology.edges()) {
            if (covered.contains(e.key())) continue;
            covered.addAll(walkEdges(e.to(), null, new LinkedHashSet<>(List.of(e.from()))));
            covered.add(e.key());
            for (int i = 0; i < tracesPerWeight; i++) out.add(backgroundTrace(e));
        }
        return out;
    }

    /** One trace of {@code journey}, rooted at a SERVER span in its entry named after the route. */
    public List<GeneratedSpan> journeyTrace(Journey journey) {
        String route = journey.route().orElse(journey.name());
        Trace t = new Trace(hex(16));
        clockMicros += 10_000;
        t.request(journey.entry(), Optional.empty(), route, Kind.SERVER, clockMicros, allowed(journey),
                new LinkedHashSet<>(), Map.of("http.route", route));
        return t.spans();
    }

    /** One trace in which {@code edge}'s caller makes just that call (and the callee does its usual work). */
    public List<GeneratedSpan> backgroundTrace(Edge edge) {
        Trace t = new Trace(hex(16));
        clockMicros += 10_000;
        long start = clockMicros;
        Span root = t.open(edge.from(), Optional.empty(), "background", Kind.SERVER, start, Map.of("http.route", "background"));
        Call c = t.call(edge, root.id, start + 100, null, new LinkedHashSet<>(List.of(edge.from())));
        root.duration = c.duration + 200;
        root.error = c.failed && !resilience(edge).fallback();
        return t.spans();
    }

    private Set<String> allowed(Journey j) {
        Set<String> s = new HashSet<>(j.uses());
        s.add(j.entry());
        return s;
    }

    private List<String> walkEdges(String service, Set<String> allowed, LinkedHashSet<String> path) {
        List<String> keys = new ArrayList<>();
        path.add(service);
        for (Edge e : topology.callees(service)) {
            if ((allowed != null && !allowed.contains(e.to())) || path.contains(e.to())) continue;
            keys.add(e.key());
            keys.addAll(walkEdges(e.to(), allowed, path));
        }
        path.remove(service);
        return keys;
    }

    boolean instrumented(String service) {
        ServiceKind kind = topology.service(service).orElseThrow().kind();
        return kind == ServiceKind.SERVICE || !topology.callees(service).isEmpty();
    }

    private static Resilience resilience(Edge e) {
        return e.resilience().orElse(Resilience.NONE);
    }

    private String hex(int bytes) {
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) sb.append(String.format("%02x", random.nextInt(256)));
        return sb.toString();
    }

    private long jitter(long base) {
        return base + random.nextInt((int) Math.max(1, base));
    }

    /** A span under construction: durations and status are known only after its children ran. */
    private final class Span {
        final String id = hex(8);
        final Optional<String> parent;
        final String service;
        final String name;
        final Kind kind;
        final long start;
        final Map<String, String> attrs;
        long duration;
        boolean error;

        Span(Optional<String> parent, String service, String name, Kind kind, long start, Map<String, String> attrs) {
            this.parent = parent;
            this.service = service;
            this.name = name;
            this.kind = kind;
            this.start = start;
            this.attrs = attrs;
        }
    }

    private record Call(long duration, boolean failed) {
    }

    private final class Trace {
        final String traceId;
        final List<Span> open = new ArrayList<>();

        Trace(String traceId) {
            this.traceId = traceId;
        }

        Span open(String service, Optional<String> parent, String name, Kind kind, long start, Map<String, String> attrs) {
            Span s = new Span(parent, service, name, kind, start, attrs);
            open.add(s);
            return s;
        }

        List<GeneratedSpan> spans() {
            return open.stream().map(s -> new GeneratedSpan(traceId, s.id, s.parent, s.service,
                    versions.getOrDefault(s.service, "1.0.0"), s.name, s.kind, s.start, s.duration, s.error,
                    Optional.ofNullable(s.attrs.get("peer.service")), s.attrs, resourceOf(s.service))).toList();
        }

        private Map<String, String> resourceOf(String service) {
            ServiceKind kind = topology.service(service).orElseThrow().kind();
            return kind == ServiceKind.SERVICE ? Map.of() : Map.of("assay.service.kind", kind.id());
        }

        /** A SERVER (or CONSUMER) span in {@code service} and everything it calls; returns its duration and status. */
        Call request(String service, Optional<String> parent, String name, Kind kind, long start, Set<String> allowed,
                     LinkedHashSet<String> path, Map<String, String> attrs) {
            Span s = open(service, parent, name, kind, start, attrs);
            path.add(service);
            long t = start + jitter(300);
            boolean failed = random.nextDouble() < errorRate;
            for (Edge e : topology.callees(service)) {
                if ((allowed != null && !allowed.contains(e.to())) || path.contains(e.to())) continue;
                int n = (int) Math.floor(e.callsPerRequest());
                if (random.nextDouble() < e.callsPerRequest() - n) n++;
                for (int i = 0; i < n; i++) {
                    Call c = call(e, s.id, t, allowed, path);
                    t += e.sync() ? c.duration : 50;
                    if (c.failed && e.sync() && !resilience(e).fallback()) failed = true;
                }
            }
            path.remove(service);
            s.duration = t - start + jitter(200);
            s.error = failed;
            return new Call(s.duration, failed);
        }

        /** One logical call over {@code edge}, with its retries; the result is the last attempt's. */
        Call call(Edge e, String parentId, long start, Set<String> allowed, LinkedHashSet<String> path) {
            Resilience r = resilience(e);
            long t = start;
            Call last = null;
            for (int attempt = 0; attempt <= r.retries(); attempt++) {
                last = attempt(e, parentId, t, allowed, path);
                t += last.duration + 100;
                if (!last.failed) break;
            }
            return new Call(t - start, last.failed);
        }

        private Call attempt(Edge e, String parentId, long start, Set<String> allowed, LinkedHashSet<String> path) {
            Map<String, String> attrs = new HashMap<>();
            Kind kind = e.sync() ? Kind.CLIENT : Kind.PRODUCER;
            ServiceKind calleeKind = topology.service(e.to()).orElseThrow().kind();
            boolean leaf = !instrumented(e.to());
            switch (calleeKind) {
                case DATABASE -> attrs.put("db.system", "postgresql");
                case CACHE -> attrs.put("db.system", "redis");
                case QUEUE -> attrs.put("messaging.system", "rabbitmq");
                default -> { }
            }
            if (leaf) attrs.put("peer.service", e.to());
            Span client = open(e.from(), Optional.of(parentId), (e.sync() ? "GET /" : "publish ") + e.to(), kind, start, attrs);
            Call result;
            if (leaf) {
                result = new Call(jitter(e.sync() ? 1_000 : 100), random.nextDouble() < errorRate);
            } else {
                LinkedHashSet<String> inner = e.sync() ? path : new LinkedHashSet<>(path);
                Call server = request(e.to(), Optional.of(client.id), (e.sync() ? "GET /" : "consume ") + e.to(),
                        e.sync() ? Kind.SERVER : Kind.CONSUMER, start + 150, allowed, inner, Map.of());
                result = e.sync() ? new Call(server.duration + 300, server.failed) : new Call(jitter(100), false);
            }
            Optional<java.time.Duration> timeout = resilience(e).timeout();
            if (e.sync() && result.failed && timeout.isPresent()) {
                result = new Call(timeout.get().toNanos() / 1000, true);
            }
            client.duration = result.duration;
            client.error = result.failed;
            return result;
        }

    }

    public static final class Builder {
        private final Topology topology;
        private long seed = 1;
        private double errorRate = 0.01;
        private int tracesPerWeight = 5;
        private Map<String, String> versions = Map.of();
        private Instant start = Instant.parse("2026-01-01T00:00:00Z");

        private Builder(Topology topology) {
            this.topology = topology;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Probability that a request or a leaf call fails by itself (errors then propagate to callers). */
        public Builder errorRate(double errorRate) {
            this.errorRate = errorRate;
            return this;
        }

        public Builder tracesPerWeight(int n) {
            this.tracesPerWeight = n;
            return this;
        }

        /** {@code service.version} per service; "1.0.0" for the others. */
        public Builder versions(Map<String, String> versions) {
            this.versions = versions;
            return this;
        }

        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        public SpanGenerator build() {
            return new SpanGenerator(this);
        }
    }
}
