package dev.assay.demo;

import dev.assay.belief.EdgeEvidence;
import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import dev.assay.spi.Reading;
import dev.assay.telemetry.Drift;
import dev.assay.telemetry.EdgeStats;
import dev.assay.telemetry.GraphSnapshot;
import dev.assay.telemetry.LiveGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Topology discovery for the demo: waits for a stable graph from traces, renders it, and compares releases. */
final class Discovery {
    /** The shop's journeys as a system configuration would declare them; traces fill in what each uses. */
    static final List<Journey> JOURNEYS = List.of(
            new Journey("browse", "frontend", Optional.of("/"), 5, List.of()),
            new Journey("add-to-cart", "frontend", Optional.of("/cart"), 3, List.of()),
            new Journey("checkout", "frontend", Optional.of("/checkout"), 10, List.of()),
            new Journey("ask", "frontend", Optional.of("/ask"), 2, List.of()));

    private Discovery() {
    }

    /**
     * Waits until the graph's edge set has not changed for three seconds (after at least {@code min} of traffic)
     * and checkout answers without errors, or until {@code max}; returns the graph as it is then.
     */
    static GraphSnapshot awaitStable(LiveGraph graph, LoadGenerator load, Duration min, Duration max, BooleanSupplier stopped,
                                     DemoListener listener) throws InterruptedException {
        long start = System.nanoTime();
        Set<String> last = Set.of();
        int stableFor = 0;
        while (!stopped.getAsBoolean()) {
            Thread.sleep(1000);
            Set<String> edges = graph.snapshot().edges().stream().map(EdgeStats::key).collect(Collectors.toCollection(TreeSet::new));
            stableFor = edges.equals(last) && !edges.isEmpty() ? stableFor + 1 : 0;
            last = edges;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            boolean healthy = load.read("checkout.errors.rate", Duration.ofSeconds(2)) instanceof Reading.Known k && k.value() == 0;
            listener.note(String.format("  %2ds: %d services, %d edges seen%s", elapsed.toSeconds(), graph.snapshot().services().size(),
                    edges.size(), healthy ? "" : " (warming up)"));
            if (elapsed.compareTo(min) >= 0 && stableFor >= 3 && healthy) break;
            if (elapsed.compareTo(max) >= 0) break;
        }
        graph.flush();
        return graph.snapshot();
    }

    /** How recently an edge must have been seen, when discovery ends, to be part of the steady-state graph. */
    static final Duration STEADY = Duration.ofSeconds(3);

    /**
     * The graph without the edges last seen before {@code since}: a cold, loaded JVM's warm-up can make a fallback's
     * dependency show (checkout -> catalog when shipping times out), which steady-state traffic does not.
     */
    static GraphSnapshot seenSince(GraphSnapshot g, java.time.Instant since) {
        return new GraphSnapshot(g.takenAt(), g.services(), g.edges().stream().filter(e -> !e.lastSeen().isBefore(since)).toList(),
                g.journeys(), g.counts(), g.malformedReasons());
    }

    /** The graph as text: one line per edge, with its call rate, latency and what traces say about the caller. */
    static String render(GraphSnapshot g, Topology t) {
        StringBuilder out = new StringBuilder();
        out.append(t.services().size()).append(" services, ").append(t.edges().size()).append(" edges\n");
        for (EdgeStats e : g.edges().stream().sorted(java.util.Comparator.comparing(EdgeStats::key)).toList()) {
            out.append(String.format("  %-16s %s %-16s %6.1f calls/s  p99 %6.1f ms%s%n", e.from(), e.sync() ? "->" : "~>", e.to(),
                    e.callsPerSecond(), e.latency().p99Ms(), e.inference().timeout().map(d -> "  timeout " + d.toMillis() + " ms").orElse("")));
        }
        for (Journey j : t.journeys()) out.append("  journey ").append(j.name()).append(": ").append(j.entry()).append(" ").append(j.route().orElse(""))
                .append(" uses ").append(j.uses()).append('\n');
        return out.toString();
    }

    /** What changed from {@code previous} (a recorded release) to {@code now}: services and edges. */
    static Drift drift(Topology previous, Topology now) {
        Set<String> ps = previous.services().stream().map(Service::name).collect(Collectors.toSet());
        Set<String> ns = now.services().stream().map(Service::name).collect(Collectors.toSet());
        Set<String> pe = previous.edges().stream().map(Edge::key).collect(Collectors.toSet());
        Set<String> ne = now.edges().stream().map(Edge::key).collect(Collectors.toSet());
        return new Drift(minus(ns, ps), minus(ps, ns), minus(ne, pe), minus(pe, ne), List.of(), List.of(), List.of());
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        List<String> out = new ArrayList<>(a);
        out.removeAll(b);
        out.sort(null);
        return out;
    }

    /** What traces say about each edge, as evidence for the belief model's priors. */
    static Map<String, EdgeEvidence> evidence(GraphSnapshot g) {
        Map<String, EdgeEvidence> out = new HashMap<>();
        for (EdgeStats e : g.edges()) {
            double retries = e.inference().failedCalls() > 0 ? (double) e.inference().retriedCalls() / e.inference().failedCalls() : 0;
            out.put(e.key(), new EdgeEvidence(e.inference().timeout(), retries, e.callsPerSecond()));
        }
        return out;
    }
}
