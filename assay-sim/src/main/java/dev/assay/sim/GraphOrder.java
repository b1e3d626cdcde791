package dev.assay.sim;

import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The fixed order in which the bench walks a graph: breadth-first from the journey entries, then the rest in file order. */
final class GraphOrder {
    private GraphOrder() {
    }

    static List<String> of(Topology topology) {
        Set<String> order = new LinkedHashSet<>();
        for (Journey j : topology.journeys()) {
            order.add(j.entry());
        }
        for (Journey j : topology.journeys()) order.addAll(topology.reachableFrom(j.entry()));
        for (Service s : topology.services()) order.add(s.name());
        return new ArrayList<>(order);
    }
}
