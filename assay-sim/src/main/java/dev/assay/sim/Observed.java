package dev.assay.sim;

import dev.assay.belief.MeasuredSli;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One experiment's measured outcome: for every observed service and journey whether it degraded (from noisy SLI
 * readings, baseline vs. during), the measurements themselves (error rate and p99 in both windows, with the request
 * counts behind them), and the error budget the experiment really spent (a fraction of a 30-day 99.9% budget).
 */
record Observed(Map<String, Boolean> services, Map<String, Boolean> journeys, Map<String, MeasuredSli> serviceSlis,
                Map<String, MeasuredSli> journeySlis, double budget) {
    Observed {
        services = Map.copyOf(services);
        journeys = Map.copyOf(journeys);
        serviceSlis = Map.copyOf(serviceSlis);
        journeySlis = Map.copyOf(journeySlis);
        if (!(budget >= 0)) throw new IllegalArgumentException("budget must be >= 0, was " + budget);
    }

    /** Degraded yes/no only (tests). */
    Observed(Map<String, Boolean> services, Map<String, Boolean> journeys, double budget) {
        this(services, journeys, Map.of(), Map.of(), budget);
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
