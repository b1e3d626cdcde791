package dev.assay.cli;

import dev.assay.belief.EdgeEvidence;
import dev.assay.model.InvalidInputException;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import dev.assay.telemetry.EdgeStats;
import dev.assay.telemetry.GraphDiscovery;
import dev.assay.telemetry.GraphSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The system model discovered now from a system configuration's graph sources (traces over the last hour, the
 * fault proxies' traffic), for {@code plan} and {@code run} given {@code --system} without {@code --topology}:
 * the topology, and what the sources say about each edge (client timeouts, retries, call rate) as prior evidence.
 */
record LiveTopology(Topology topology, Map<String, EdgeEvidence> evidence, GraphSnapshot snapshot) {
    LiveTopology {
        evidence = Map.copyOf(evidence);
    }

    /**
     * A warning when the graph has services that took traffic from no named caller and are no journey's entry:
     * the paths to them are unknown, so faults on them look harmless to every journey (intents on them redundant).
     */
    java.util.Optional<String> unknownCallers() {
        java.util.Set<String> called = new java.util.TreeSet<>();
        topology.edges().forEach(e -> called.add(e.to()));
        java.util.Set<String> entries = new java.util.HashSet<>();
        topology.journeys().forEach(j -> entries.add(j.entry()));
        List<String> orphans = topology.services().stream().map(dev.assay.model.Service::name)
                .filter(n -> !called.contains(n) && !entries.contains(n)).toList();
        if (orphans.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of("warning: " + String.join(", ", orphans) + (orphans.size() == 1 ? " takes" : " take")
                + " traffic from callers not named by the telemetry (no edge leads to them), so no journey is known to use them"
                + " and faults on them predict no effect; a proxy that names each caller, or traces, show the edges");
    }

    /**
     * The edges the system file's graph sources show now (the same discovery as {@link #discover}), for the runner to
     * tell edges first seen during an experiment; a source that cannot be read shows nothing (then nothing is
     * claimed as discovered).
     */
    static dev.assay.runner.EdgeWatch watch(SystemConfig sys, Clock clock) {
        return () -> {
            try {
                GraphDiscovery discovery = GraphDiscovery.create(clock).lookback(Duration.ofHours(1), 1000)
                .workloadNames(dev.assay.k8s.KubernetesSystem.workloadNames(sys)).system(sys, Optional.empty());
                if (!discovery.hasSources()) return java.util.Set.of();
                return discovery.run().snapshot().edges().stream().map(EdgeStats::key).collect(java.util.stream.Collectors.toSet());
            } catch (RuntimeException e) {
                return java.util.Set.of();
            }
        };
    }

    static LiveTopology discover(Path systemFile, SystemConfig sys, Clock clock) {
        GraphDiscovery discovery = GraphDiscovery.create(clock).lookback(Duration.ofHours(1), 1000)
                .workloadNames(dev.assay.k8s.KubernetesSystem.workloadNames(sys)).system(sys, Optional.empty());
        if (!discovery.hasSources()) {
            throw new InvalidInputException(systemFile + ": spec.telemetry has no trace source (zipkin, jaeger, otlp-file), proxy, or prometheus with mesh: to discover"
                    + " the system from; add one (assay init writes a proxy source), or pass --topology FILE");
        }
        GraphSnapshot snapshot = discovery.run().snapshot();
        if (snapshot.services().isEmpty()) {
            throw new InvalidInputException(systemFile + ": no services discovered from its telemetry sources (traces of the last hour,"
                    + " the proxies' traffic); send some traffic through the system first, or pass --topology FILE");
        }
        Map<String, EdgeEvidence> evidence = new HashMap<>();
        for (EdgeStats e : snapshot.edges()) {
            double retries = e.errors() == 0 ? 0 : e.inference().retriedCalls() / (double) e.errors();
            evidence.put(e.key(), new EdgeEvidence(e.inference().timeout(), retries, e.callsPerSecond()));
        }
        return new LiveTopology(snapshot.toTopology(sys.name(), sys.journeys()), evidence, snapshot);
    }
}
