package dev.assay.planner;

import static java.util.Objects.requireNonNull;

import dev.assay.belief.Belief;
import dev.assay.model.Intent;
import java.util.List;

/**
 * Ranks candidate experiments by expected information gain per unit of error budget, inside hard safety
 * constraints. Candidates: each intent's fault (at its magnitude, or its ramp), plus generated ones: every
 * service reachable from a journey's entry within its {@code uses} (transitive callees, and the entry)
 * × each fault class × each {@link dev.assay.belief.ChaosScale} level.
 *
 * <p><b>EIG</b> (bits) is about journey impact: {@code sum_j w_j I(D_j; Y_j)}, where D_j is whether journey
 * j degrades under the candidate, Y_j its noisy observation (the belief's false-positive/negative rates) and
 * w_j its weight × active-traffic share, normalised. Per journey it is exact given P(D_j):
 * {@code I = H(q) - P H(fn) - (1-P) H(fp)}, {@code q = P(1-fn) + (1-P)fp}; a ramp counts the entropy of the
 * step at which the journey first degrades, scaled by {@code 1 - H(max(fp, fn))}. The sum over journeys is
 * a factorisation: it ignores that journeys sharing services are correlated (so it overstates a little
 * when many similar journeys move together). P(D_j) comes from {@link dev.assay.belief.Propagation}
 * (noisy-OR over a BFS DAG, all candidates at once, one pass per journey × fault class) for the full
 * ranking; the best {@link PlanRequest#exactTop} × 3 candidates and every intent are then re-scored with
 * {@link dev.assay.belief.ExactPropagation} (exact enumeration when a journey's relevant subgraph has at most
 * 16 edges, else 1024 seeded Monte-Carlo draws) and re-ranked.
 *
 * <p><b>Hard constraints</b> ({@code blockedBy}): {@code exclusion-zone} (the target is in a zone),
 * {@code zone-involvement} (P(a zone degrades) above the threshold), {@code budget} (expected cost above
 * the allowed fraction of the remaining budget), {@code target-degraded}, {@code blast-radius} (expected
 * degraded services above the maximum; checked for candidates in rank order until {@code top} runnable
 * ones are found), {@code unknown-target}. The plan is deterministic for the same belief, intents and request.
 */
public interface Planner {
    static Planner create(Belief belief, List<Intent> intents) {
        return new DefaultPlanner(requireNonNull(belief, "belief"), List.copyOf(intents), java.util.Optional.empty());
    }

    /**
     * A planner whose EIG for generated candidates is the expected information about edge mechanisms
     * ({@link dev.assay.belief.MechanismBelief}): stage 1 {@link dev.assay.belief.MechanismBelief#inEdgeBits} for every
     * candidate (the target's in-edges, whose input is the fault itself), stage 2
     * {@link dev.assay.belief.MechanismBelief#coneBits} (the whole caller cone) for the best {@code 3 × exactTop}.
     * Settled edges are worth nothing. Cost and every constraint still come from {@code belief}.
     */
    static Planner create(Belief belief, List<Intent> intents, dev.assay.belief.MechanismBelief mechanisms) {
        return new DefaultPlanner(requireNonNull(belief, "belief"), List.copyOf(intents), java.util.Optional.of(requireNonNull(mechanisms, "mechanisms")));
    }

    /** Plans on the belief as it is now (call {@link Belief#age()} first to relax stale beliefs). */
    Plan plan(PlanRequest request);
}
