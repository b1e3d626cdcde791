package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The discovered graph at one instant, with every live figure: what {@link LiveGraph#snapshot()} returns,
 * what drift snapshots store, and what {@link #toTopology} turns into the core model the planner reads.
 */
public record GraphSnapshot(Instant takenAt, List<ServiceStats> services, List<EdgeStats> edges,
                            List<JourneyStats> journeys, Counts counts, List<String> malformedReasons) {
    public GraphSnapshot {
        requireNonNull(takenAt, "takenAt");
        requireNonNull(counts, "counts");
        services = List.copyOf(services);
        edges = List.copyOf(edges);
        journeys = List.copyOf(journeys);
        malformedReasons = List.copyOf(malformedReasons);
    }

    /** Spans taken in, traces analysed, spans rejected as malformed, spans dropped by a memory bound. */
    public record Counts(long spans, long traces, long malformedSpans, long droppedSpans) {
    }

    public Optional<EdgeStats> edge(String from, String to) {
        return edges.stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst();
    }

    public Optional<ServiceStats> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The graph as a core {@link Topology}. Journeys: each {@code declared} one (from the system configuration:
     * name, entry, route, weight) is matched with the flow observed at its entry on its route (the route, or the
     * journey's name when it has none) and takes the services that flow touched; a declared journey never
     * observed (proxy traffic has no flows) keeps its declared services if they are all in the graph, else
     * uses what the discovered graph reaches from its entry: never an empty list that would read as "uses nothing". With nothing declared, every
     * observed flow becomes a journey of weight 1 named after its route (prefixed by the entry if ambiguous);
     * with no flows either (proxy traffic), the topology format's default: one journey per service without callers.
     */
    public Topology toTopology(String name, List<Journey> declared) {
        List<Service> s = services.stream().map(x -> new Service(x.name(), x.kind())).toList();
        List<Edge> e = edges.stream()
                .map(x -> new Edge(x.from(), x.to(), x.sync(), x.callsPerRequest(), Optional.empty())).toList();
        Set<String> known = new HashSet<>();
        s.forEach(x -> known.add(x.name()));
        Topology graph = new Topology(name, s, e, List.of());
        Map<String, JourneyStats> observed = new HashMap<>();
        Map<String, Integer> routeCount = new HashMap<>();
        for (JourneyStats j : journeys) {
            observed.put(j.entry() + " " + j.route(), j);
            routeCount.merge(j.route(), 1, Integer::sum);
        }
        List<Journey> out = new ArrayList<>();
        if (declared.isEmpty() && journeys.isEmpty()) return Topology.withDefaultJourneys(name, s, e);
        if (declared.isEmpty()) {
            for (JourneyStats j : journeys) {
                String n = routeCount.get(j.route()) > 1 ? j.entry() + " " + j.route() : j.route();
                out.add(new Journey(n, j.entry(), Optional.of(j.route()), 1.0, j.uses()));
            }
        } else {
            for (Journey d : declared) {
                JourneyStats j = observed.get(d.entry() + " " + d.route().orElse(d.name()));
                if (j != null) {
                    out.add(new Journey(d.name(), d.entry(), d.route(), d.weight(), j.uses()));
                } else if (known.contains(d.entry()) && !d.uses().isEmpty() && known.containsAll(d.uses())) {
                    out.add(d);
                } else if (known.contains(d.entry())) {
                    out.add(new Journey(d.name(), d.entry(), d.route(), d.weight(), List.copyOf(graph.reachableFrom(d.entry()))));
                }
            }
        }
        return new Topology(name, s, e, out);
    }

    /** Declared journeys that no trace has taken (yet). */
    public List<Journey> unobserved(List<Journey> declared) {
        Set<String> seen = new HashSet<>();
        journeys.forEach(j -> seen.add(j.entry() + " " + j.route()));
        return declared.stream().filter(d -> !seen.contains(d.entry() + " " + d.route().orElse(d.name()))).toList();
    }
}
