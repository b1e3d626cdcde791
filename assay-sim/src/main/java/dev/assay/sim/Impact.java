package dev.assay.sim;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The noise-free effect of a set of faults on every service and journey. Only touched services and journeys
 * are listed; everything else is {@link Effect#NONE}.
 */
public record Impact(Map<String, Effect> services, Map<String, Effect> journeys) {
    public Impact {
        services = Map.copyOf(services);
        journeys = Map.copyOf(journeys);
    }

    public Effect service(String name) {
        return services.getOrDefault(name, Effect.NONE);
    }

    public Effect journey(String name) {
        return journeys.getOrDefault(name, Effect.NONE);
    }

    /** The services that are degraded: the fault's true blast radius. */
    public Set<String> degradedServices() {
        Set<String> out = new TreeSet<>();
        services.forEach((name, e) -> {
            if (e.degraded()) out.add(name);
        });
        return out;
    }

    public Set<String> degradedJourneys() {
        Set<String> out = new TreeSet<>();
        journeys.forEach((name, e) -> {
            if (e.degraded()) out.add(name);
        });
        return out;
    }
}
