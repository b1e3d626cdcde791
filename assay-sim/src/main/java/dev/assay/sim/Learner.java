package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import java.util.List;
import java.util.Map;

/**
 * What the bench needs from the model under test: predictions, learning from an outcome, and (for the
 * {@code eig} strategy) the planner's ranking. Each strategy and seed gets a fresh learner from the same prior.
 */
interface Learner {
    /** The levels of the chaos scale the learner reasons on, per fault class. */
    int levels();

    /** The fault of {@code faultClass} at level {@code level} (0 = mildest) on {@code target}. */
    Fault fault(FaultClass faultClass, String target, int level);

    /** P(degraded) per service for {@code fault}; services not listed have probability 0. */
    Map<String, Double> predict(Fault fault);

    /** P(degraded) per journey for {@code fault}; journeys not listed have probability 0. */
    Map<String, Double> predictJourneys(Fault fault);

    /** The most probable mechanism of edge {@code caller->callee}, when the learner models mechanisms. */
    default java.util.Optional<dev.assay.belief.EdgeMechanism> mechanism(String caller, String callee) {
        return java.util.Optional.empty();
    }

    /** Learns from one experiment's outcome. */
    void learn(Fault fault, Observed observed);

    /** Edge {@code caller->callee}'s posterior over {@link dev.assay.belief.EdgeMechanism#GRID}; empty when the learner has none. */
    default List<Double> posterior(String caller, String callee) {
        return List.of();
    }

    /** An independent copy that learns on from what this one knows (the {@code oracle} bound tries candidates on copies). */
    default Learner copy() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be copied; the oracle bound needs a learner that can");
    }

    /** The runnable candidates, best first (the planner's ranking); empty when the learner has no planner. */
    List<Fault> ranked();
}
