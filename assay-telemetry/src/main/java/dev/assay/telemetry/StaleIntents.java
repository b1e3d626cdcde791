package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Intent;
import java.util.ArrayList;
import java.util.List;

/**
 * Intents that no longer test something true about today's system: the fault's target or the mechanism's
 * edge is gone (or never was), the target's version changed since the beliefs were formed, or the target
 * journey's path changed.
 */
public final class StaleIntents {
    private StaleIntents() {
    }

    /** One stale intent and every reason it is stale. */
    public record Stale(String intentId, List<String> reasons) {
        public Stale {
            requireNonNull(intentId, "intentId");
            reasons = List.copyOf(reasons);
        }
    }

    public static List<Stale> find(List<Intent> intents, Drift drift, GraphSnapshot now) {
        List<Stale> out = new ArrayList<>();
        for (Intent intent : intents) {
            List<String> reasons = new ArrayList<>();
            String target = intent.fault().target();
            if (drift.removedServices().contains(target)) reasons.add("fault target '" + target + "' was removed");
            else if (now.service(target).isEmpty()) reasons.add("fault target '" + target + "' is not in the graph");
            drift.versionChanges().stream().filter(v -> v.service().equals(target)).forEach(v ->
                    reasons.add("fault target '" + target + "' changed version " + v.before() + " -> " + v.after()));
            intent.mechanism().ifPresent(m -> {
                String edge = m.from() + "->" + m.to();
                if (drift.removedEdges().contains(edge)) reasons.add("mechanism edge " + edge + " was removed");
                else if (now.edge(m.from(), m.to()).isEmpty()) reasons.add("mechanism edge " + edge + " is not in the graph");
            });
            String behavior = intent.targetBehavior();
            if (drift.removedServices().contains(behavior)) reasons.add("target service '" + behavior + "' was removed");
            for (Drift.PathChange p : drift.journeyChanges()) {
                String route = p.journey().substring(p.journey().indexOf(' ') + 1);
                if (route.equals(behavior) || p.journey().equals(behavior)) {
                    reasons.add("journey '" + behavior + "' path changed: +" + p.added() + " -" + p.removed());
                }
            }
            if (!reasons.isEmpty()) out.add(new Stale(intent.id(), reasons));
        }
        return out;
    }
}
