package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import dev.assay.belief.Finding;
import dev.assay.runner.Learned;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the beliefs say, as every page shows it, computed in one place ({@link EdgeBeliefs#learn}) for both the journal's
 * and the controller's dashboard: {@code learned} as {@code assay report} computes it (findings, budgets, scores,
 * discovered), one {@link EdgeBelief} per edge of the topology, and for each finding an incident taught (rather than an
 * experiment) that incident's id.
 */
public record DashboardBeliefs(Learned learned, List<EdgeBelief> edges, Map<Finding, String> incidentOf) {
    public static final DashboardBeliefs NOTHING = new DashboardBeliefs(Learned.NOTHING, List.of(), Map.of());

    public DashboardBeliefs {
        requireNonNull(learned, "learned");
        edges = List.copyOf(edges);
        incidentOf = Map.copyOf(incidentOf);
    }

    /** The incident that taught {@code finding}; empty when an experiment did. */
    public Optional<String> incident(Finding finding) {
        return Optional.ofNullable(incidentOf.get(finding));
    }
}
