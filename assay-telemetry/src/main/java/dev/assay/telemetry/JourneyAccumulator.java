package dev.assay.telemetry;

import java.util.Set;
import java.util.TreeSet;

/** Running facts about one observed flow (entry service + route); the set of services is bounded by the graph's. */
final class JourneyAccumulator {
    private final String entry;
    private final String route;
    private final TreeSet<String> uses = new TreeSet<>();
    private long traces;
    private long errors;

    JourneyAccumulator(String entry, String route) {
        this.entry = entry;
        this.route = route;
    }

    void seen(boolean error, Set<String> used) {
        traces++;
        if (error) errors++;
        uses.addAll(used);
    }

    JourneyStats stats() {
        return new JourneyStats(entry, route, traces, errors, uses.stream().toList());
    }
}
