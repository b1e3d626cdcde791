package dev.assay.sim;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Resilience;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Tiny hand-checkable topologies for the simulator's tests; every edge declares its resilience. */
final class Graphs {
    private final Set<String> services = new LinkedHashSet<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Journey> journeys = new ArrayList<>();

    static Graphs graph() {
        return new Graphs();
    }

    static Resilience none() {
        return Resilience.NONE;
    }

    static Resilience timeout(long ms) {
        return new Resilience(Optional.of(Duration.ofMillis(ms)), 0, false, false);
    }

    static Resilience with(Long timeoutMs, int retries, boolean fallback, boolean breaker) {
        return new Resilience(Optional.ofNullable(timeoutMs).map(Duration::ofMillis), retries, fallback, breaker);
    }

    Graphs sync(String from, String to, Resilience r) {
        return edge(from, to, true, 1, r);
    }

    Graphs async(String from, String to, Resilience r) {
        return edge(from, to, false, 1, r);
    }

    Graphs edge(String from, String to, boolean sync, double calls, Resilience r) {
        services.add(from);
        services.add(to);
        edges.add(new Edge(from, to, sync, calls, Optional.of(r)));
        return this;
    }

    Graphs journey(String name, String entry, String... uses) {
        journeys.add(new Journey(name, entry, Optional.empty(), 1, List.of(uses)));
        return this;
    }

    Topology topology() {
        return new Topology("test", services.stream().map(Service::of).toList(), edges, journeys);
    }

    Simulator simulator() {
        Topology t = topology();
        return Simulator.create(t, GroundTruth.of(t, 1));
    }
}
