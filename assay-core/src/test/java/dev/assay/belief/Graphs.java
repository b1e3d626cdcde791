package dev.assay.belief;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Small topologies built in code for belief and planner tests. */
final class Graphs {
    private Graphs() {
    }

    /** Services named by the edges {@code "a->b"}, one default journey per service without callers. */
    static Topology of(String... edges) {
        Set<String> names = new LinkedHashSet<>();
        List<Edge> list = new ArrayList<>();
        for (String e : edges) {
            String[] ab = e.split("->");
            names.add(ab[0]);
            names.add(ab[1]);
            list.add(Edge.of(ab[0], ab[1]));
        }
        return Topology.withDefaultJourneys("test", names.stream().map(Service::of).toList(), list);
    }

    static Topology withJourney(Topology t, String name, String entry, List<String> uses, double weight) {
        List<Journey> js = new ArrayList<>(t.journeys());
        js.add(new Journey(name, entry, Optional.empty(), weight, uses));
        return new Topology(t.name(), t.services(), t.edges(), js);
    }

    static Edge async(String from, String to) {
        return new Edge(from, to, false, 1.0, Optional.empty());
    }
}
