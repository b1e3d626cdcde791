package dev.assay.telemetry;

import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The live dependency graph, fed by every telemetry source. Spans are grouped by trace until the trace has been
 * quiet for {@code settle} (or {@link #flush()} is called, or too many traces are pending), then analysed
 * once and dropped: only per-service, per-edge and per-journey aggregates are kept, each bounded, so memory
 * does not grow with traffic. Thread-safe; {@link #snapshot()} is a consistent value.
 */
public final class LiveGraph {
    private static final int MAX_REASONS = 20;
    private final Clock clock;
    private final Duration settle;
    private final int maxPendingTraces;
    private final int maxSpansPerTrace;
    private final int maxEdges;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, ServiceAccumulator> services = new HashMap<>();
    private final Map<String, EdgeAccumulator> edges = new HashMap<>();
    private final Map<String, Map<String, EdgeAccumulator>> byCaller = new HashMap<>();
    private final Map<String, JourneyAccumulator> journeys = new HashMap<>();
    private final ArrayDeque<String> malformedReasons = new ArrayDeque<>();
    private final TraceAnalyzer analyzer = new TraceAnalyzer(new GraphSink());
    private long spans;
    private long malformedSpans;
    private long droppedSpans;
    private long traces;

    private LiveGraph(Clock clock, Duration settle, int maxPendingTraces, int maxSpansPerTrace, int maxEdges) {
        this.clock = clock;
        this.settle = settle;
        this.maxPendingTraces = maxPendingTraces;
        this.maxSpansPerTrace = maxSpansPerTrace;
        this.maxEdges = maxEdges;
    }

    public static LiveGraph create(Clock clock) {
        return new LiveGraph(clock, Duration.ofSeconds(5), 10_000, 5_000, 100_000);
    }

    /** Like {@link #create} with a different quiet time before a trace is considered complete. */
    public static LiveGraph create(Clock clock, Duration settle, int maxPendingTraces) {
        return new LiveGraph(clock, settle, maxPendingTraces, 5_000, 100_000);
    }

    private static final class Pending {
        final List<SpanRecord> spans = new ArrayList<>(8);
        Instant touched;
    }

    void ingest(List<SpanRecord> batch) {
        lock.lock();
        try {
            Instant now = clock.instant();
            for (SpanRecord s : batch) {
                Pending p = pending.computeIfAbsent(s.traceId(), k -> new Pending());
                p.touched = now;
                if (p.spans.size() < maxSpansPerTrace) {
                    p.spans.add(s);
                    spans++;
                } else {
                    droppedSpans++;
                }
            }
            while (pending.size() > maxPendingTraces) analyzeEldest();
            analyzeSettled(now);
        } finally {
            lock.unlock();
        }
    }

    void malformed(int count, String reason) {
        lock.lock();
        try {
            malformedSpans += count;
            if (malformedReasons.size() == MAX_REASONS) malformedReasons.removeFirst();
            malformedReasons.addLast(reason);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A dependency link reported by a backend without spans (Zipkin's or Jaeger's dependencies API). It only
     * adds an edge the traces did not show; figures from traces always win.
     */
    void link(String from, String to, long calls, long errors) {
        if (from.isBlank() || to.isBlank() || from.equals(to)) return;
        lock.lock();
        try {
            if (edges.containsKey(from + "->" + to) || edges.size() >= maxEdges) return;
            long now = clock.instant().toEpochMilli() * 1_000_000;
            for (String n : List.of(from, to)) {
                services.computeIfAbsent(n, x -> new ServiceAccumulator(x, ServiceKind.SERVICE, false)).seen(now, "", ServiceKind.SERVICE, false);
            }
            EdgeAccumulator e = new EdgeAccumulator(from, to);
            e.recordLink(calls, errors, now);
            edges.put(from + "->" + to, e);
            byCaller.computeIfAbsent(from, k -> new HashMap<>()).put(to, e);
        } finally {
            lock.unlock();
        }
    }

    /** A service seen taking traffic from no known caller (a proxy's entry service): a node without an edge. */
    void service(String name) {
        if (name.isBlank()) return;
        lock.lock();
        try {
            long now = clock.instant().toEpochMilli() * 1_000_000;
            services.computeIfAbsent(name, x -> new ServiceAccumulator(x, ServiceKind.SERVICE, false)).seen(now, "", ServiceKind.SERVICE, false);
        } finally {
            lock.unlock();
        }
    }

    /** An edge with figures measured elsewhere (the fault proxy's history); like {@link #link}, traces win. */
    void measured(EdgeStats stats) {
        if (stats.from().isBlank() || stats.to().isBlank() || stats.from().equals(stats.to())) return;
        lock.lock();
        try {
            String key = stats.from() + "->" + stats.to();
            if (edges.containsKey(key) || edges.size() >= maxEdges) return;
            long now = clock.instant().toEpochMilli() * 1_000_000;
            for (String n : List.of(stats.from(), stats.to())) {
                services.computeIfAbsent(n, x -> new ServiceAccumulator(x, ServiceKind.SERVICE, false)).seen(now, "", ServiceKind.SERVICE, false);
            }
            EdgeAccumulator e = EdgeAccumulator.measured(stats);
            edges.put(key, e);
            byCaller.computeIfAbsent(stats.from(), k -> new HashMap<>()).put(stats.to(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Analyses every pending trace now (at the end of a bounded read, or before a final snapshot). */
    public void flush() {
        lock.lock();
        try {
            while (!pending.isEmpty()) analyzeEldest();
        } finally {
            lock.unlock();
        }
    }

    int pendingTraces() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    public long malformedSpans() {
        lock.lock();
        try {
            return malformedSpans;
        } finally {
            lock.unlock();
        }
    }

    /** The graph as a value: traces quiet for the settle time are analysed first, younger ones wait. */
    public GraphSnapshot snapshot() {
        lock.lock();
        try {
            analyzeSettled(clock.instant());
            List<ServiceStats> s = services.values().stream().map(ServiceAccumulator::stats)
                    .sorted(Comparator.comparing(ServiceStats::name)).toList();
            List<EdgeStats> e = edges.values().stream().map(EdgeAccumulator::stats)
                    .sorted(Comparator.comparing(EdgeStats::from).thenComparing(EdgeStats::to)).toList();
            List<JourneyStats> j = journeys.values().stream().map(JourneyAccumulator::stats)
                    .sorted(Comparator.comparing(JourneyStats::entry).thenComparing(JourneyStats::route)).toList();
            return new GraphSnapshot(clock.instant(), s, e, j,
                    new GraphSnapshot.Counts(spans, traces, malformedSpans, droppedSpans), List.copyOf(malformedReasons));
        } finally {
            lock.unlock();
        }
    }

    /** Shorthand for {@code snapshot().toTopology(name, List.of())}. */
    public Topology toTopology(String name) {
        return snapshot().toTopology(name, List.of());
    }

    private void analyzeSettled(Instant now) {
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Pending p = it.next().getValue();
            if (Duration.between(p.touched, now).compareTo(settle) < 0) break; // access order: the rest are younger
            it.remove();
            analyze(p);
        }
    }

    private void analyzeEldest() {
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        Pending p = it.next().getValue();
        it.remove();
        analyze(p);
    }

    private void analyze(Pending p) {
        traces++;
        analyzer.analyze(p.spans);
    }

    /** What the analyzer reports into; only called under the lock. */
    interface Sink {
        void service(SpanRecord span);

        void peer(String name, SpanRecord call);

        void call(String caller, String callee, boolean sync, SpanRecord span);

        void request(String caller, String callee, int retried, boolean finallyFailed, boolean callerFailed);

        void journey(String entry, String route, boolean error, Set<String> uses);
    }

    private final class GraphSink implements Sink {
        @Override
        public void service(SpanRecord span) {
            ServiceAccumulator s = services.get(span.service());
            if (s == null || !s.instrumented()) {
                ServiceKind kind = span.serviceKind().isEmpty() ? ServiceKind.SERVICE
                        : ServiceKind.byId(span.serviceKind()).orElse(ServiceKind.SERVICE);
                if (s == null) services.put(span.service(), s = new ServiceAccumulator(span.service(), kind, true));
                s.seen(span.startNanos(), span.version(), kind, true);
            } else {
                s.seen(span.startNanos(), span.version(), null, true);
            }
        }

        @Override
        public void peer(String name, SpanRecord call) {
            ServiceKind kind = peerKind(call);
            services.computeIfAbsent(name, n -> new ServiceAccumulator(n, kind, false))
                    .seen(call.startNanos(), "", kind, false);
        }

        @Override
        public void call(String caller, String callee, boolean sync, SpanRecord span) {
            EdgeAccumulator e = edge(caller, callee);
            if (e == null) {
                if (edges.size() >= maxEdges) {
                    droppedSpans++;
                    return;
                }
                e = new EdgeAccumulator(caller, callee);
                edges.put(caller + "->" + callee, e);
                byCaller.computeIfAbsent(caller, k -> new HashMap<>()).put(callee, e);
            }
            e.recordCall(span, sync);
        }

        @Override
        public void request(String caller, String callee, int retried, boolean finallyFailed, boolean callerFailed) {
            EdgeAccumulator e = edge(caller, callee);
            if (e != null) e.recordRequest(retried, finallyFailed, callerFailed);
        }

        /** Looked up without building a key string: this is the hot path of ingestion. */
        private EdgeAccumulator edge(String caller, String callee) {
            Map<String, EdgeAccumulator> m = byCaller.get(caller);
            return m == null ? null : m.get(callee);
        }

        @Override
        public void journey(String entry, String route, boolean error, Set<String> uses) {
            String key = entry + " " + route;
            JourneyAccumulator j = journeys.get(key);
            if (j == null) {
                if (journeys.size() >= maxEdges) return;
                journeys.put(key, j = new JourneyAccumulator(entry, route));
            }
            j.seen(error, uses);
        }
    }

    /** Uninstrumented peers are classified by what the caller's span says about them. */
    static ServiceKind peerKind(SpanRecord call) {
        String db = call.dbSystem();
        if (db.equals("redis") || db.equals("memcached")) return ServiceKind.CACHE;
        if (!db.isEmpty()) return ServiceKind.DATABASE;
        if (!call.messagingSystem().isEmpty()) return ServiceKind.QUEUE;
        return ServiceKind.EXTERNAL;
    }
}
