package dev.assay.dashboard;

import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.Finding;
import dev.assay.model.Edge;
import dev.assay.model.Topology;
import dev.assay.runner.LearnedText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Turns findings (and mechanism explanations, where the belief has them) into one {@link EdgeBelief} per edge of a topology. */
public final class EdgeBeliefs {
    /** A finding is stated as fragile or tolerant from this probability on; below it the edge stays uncertain. */
    public static final double CONFIDENT = 0.8;

    private EdgeBeliefs() {
    }

    /**
     * One belief per edge of {@code topology}, in its order. {@code mechanisms} explains an edge (empty when the belief
     * has no mechanism for it).
     */
    public static List<EdgeBelief> of(Topology topology, List<Finding> findings, Function<Edge, Optional<EdgeExplanation>> mechanisms) {
        List<EdgeBelief> out = new ArrayList<>();
        for (Edge e : topology.edges()) {
            List<Finding> mine = findings.stream().filter(f -> f.from().equals(e.from()) && f.to().equals(e.to())).toList();
            List<String> tested = mine.stream().map(f -> String.format(Locale.ROOT, "%s (%s): %s, P = %.2f", LearnedText.faultClassId(f.faultClass()),
                    f.testedAt(), f.tolerant() ? "tolerant" : "fragile", f.probability())).toList();
            out.add(new EdgeBelief(e.from(), e.to(), e.sync(), standing(mine), tested, mechanisms.apply(e).map(EdgeExplanation::text)));
        }
        return out;
    }

    static EdgeBelief.Standing standing(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> !f.tolerant() && f.probability() >= CONFIDENT)) return EdgeBelief.Standing.FRAGILE;
        if (!findings.isEmpty() && findings.stream().allMatch(f -> f.tolerant() && f.probability() >= CONFIDENT)) return EdgeBelief.Standing.TOLERANT;
        return EdgeBelief.Standing.UNCERTAIN;
    }
}
