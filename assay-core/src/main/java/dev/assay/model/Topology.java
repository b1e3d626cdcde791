package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The system as a value: services, caller→callee edges and journeys. Cycles are legal. The compact
 * constructor enforces referential integrity (parsers report the same faults with file positions first);
 * {@link #withDefaultJourneys} fills in the default journeys of the topology format.
 */
public record Topology(String name, List<Service> services, List<Edge> edges, List<Journey> journeys) {
    public Topology {
        requireNonNull(name, "name");
        services = List.copyOf(services);
        edges = List.copyOf(edges);
        journeys = List.copyOf(journeys);
        Set<String> names = new HashSet<>();
        for (Service s : services) {
            if (!names.add(s.name())) throw new IllegalArgumentException("duplicate service '" + s.name() + "'");
        }
        Set<String> edgeKeys = new HashSet<>();
        for (Edge e : edges) {
            if (!names.contains(e.from())) throw new IllegalArgumentException("edge " + e.key() + ": unknown service '" + e.from() + "'");
            if (!names.contains(e.to())) throw new IllegalArgumentException("edge " + e.key() + ": unknown service '" + e.to() + "'");
            if (!edgeKeys.add(e.key())) throw new IllegalArgumentException("duplicate edge " + e.key());
        }
        Set<String> journeyNames = new HashSet<>();
        for (Journey j : journeys) {
            if (!journeyNames.add(j.name())) throw new IllegalArgumentException("duplicate journey '" + j.name() + "'");
            if (!names.contains(j.entry())) throw new IllegalArgumentException("journey '" + j.name() + "': unknown entry '" + j.entry() + "'");
            for (String u : j.uses()) {
                if (!names.contains(u)) throw new IllegalArgumentException("journey '" + j.name() + "': unknown service '" + u + "' in uses");
            }
        }
    }

    /** The format's default when a file lists no journeys: one per service without callers, using all it reaches. */
    public static Topology withDefaultJourneys(String name, List<Service> services, List<Edge> edges) {
        Topology bare = new Topology(name, services, edges, List.of());
        Set<String> called = new HashSet<>();
        for (Edge e : edges) called.add(e.to());
        List<Journey> journeys = new ArrayList<>();
        for (Service s : services) {
            if (!called.contains(s.name())) {
                journeys.add(new Journey(s.name(), s.name(), Optional.empty(), 1.0, List.copyOf(bare.reachableFrom(s.name()))));
            }
        }
        return new Topology(name, services, edges, journeys);
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public Optional<Journey> journey(String name) {
        return journeys.stream().filter(j -> j.name().equals(name)).findFirst();
    }

    public Optional<Edge> edge(String from, String to) {
        return edges.stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst();
    }

    public List<Edge> callees(String service) {
        return edges.stream().filter(e -> e.from().equals(service)).toList();
    }

    public List<Edge> callers(String service) {
        return edges.stream().filter(e -> e.to().equals(service)).toList();
    }

    /** Everything transitively called from {@code start}, breadth-first, excluding {@code start} itself. */
    public Set<String> reachableFrom(String start) {
        Map<String, List<String>> out = new HashMap<>();
        for (Edge e : edges) out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            for (String next : out.getOrDefault(queue.poll(), List.of())) {
                if (!next.equals(start) && seen.add(next)) queue.add(next);
            }
        }
        return seen;
    }
}
