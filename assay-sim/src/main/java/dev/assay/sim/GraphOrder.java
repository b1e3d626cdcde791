package dev.assay.sim;

import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The services the strategies may target, in the fixed order the bench walks them: the planner's candidate
 * targets (every journey's entry and the services it uses), journey by journey, breadth-first from the entry.
 */
final class GraphOrder {
    private GraphOrder() {
    }

    static List<String> of(Topology topology) {
        Set<String> order = new LinkedHashSet<>();
        for (Journey j : topology.journeys()) {
            order.add(j.entry());
        }
        for (Journey j : topology.journeys()) {
            Set<String> uses = new LinkedHashSet<>(j.services());
            for (String s : topology.reachableFrom(j.entry())) if (uses.contains(s)) order.add(s);
            order.addAll(uses);
        }
        if (order.isEmpty()) for (Service s : topology.services()) order.add(s.name());
        return new ArrayList<>(order);
    }
}
