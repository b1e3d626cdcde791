package dev.assay.sim;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One experiment's measured outcome: for every observed service and journey whether it degraded (from noisy
 * SLI readings, baseline vs. during), and the error budget the experiment really spent (a fraction of a
 * 30-day 99.9% budget).
 */
record Observed(Map<String, Boolean> services, Map<String, Boolean> journeys, double budget) {
    Observed {
        services = Map.copyOf(services);
        journeys = Map.copyOf(journeys);
        if (!(budget >= 0)) throw new IllegalArgumentException("budget must be >= 0, was " + budget);
    }

    Set<String> degradedServices() {
        Set<String> out = new TreeSet<>();
        services.forEach((s, d) -> {
            if (d) out.add(s);
        });
        return out;
    }

    boolean anyJourneyDegraded() {
        return journeys.containsValue(true);
    }
}
