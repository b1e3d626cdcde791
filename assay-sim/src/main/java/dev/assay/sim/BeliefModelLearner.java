package dev.assay.sim;

import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.Observation;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Fault;
import dev.assay.planner.Candidate;
import dev.assay.planner.Plan;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import dev.assay.model.FaultClass;
import dev.assay.model.Scope;
import dev.assay.model.Topology;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Assay's own belief model under test. Priors are the broad structural ones (sync/async, call frequency):
 * the topology's resilience is ground truth and never shown to it. Every observation is stamped with the
 * same instant, so beliefs do not age during a bench: the comparison is per experiment, not per wall time.
 */
final class BeliefModelLearner implements Learner {
    /** Generated latency faults hit a 10% cohort, as the planner's defaults do; errors carry their level as scope. */
    static final Scope LATENCY_SCOPE = PlanRequest.defaults().latencyScope();

    /**
     * The bench scores blast radius per service, so the planner also values what an experiment teaches about
     * inner edges, measured as the belief's own update would learn it (PlanRequest#slotInformationWeight).
     */
    static final double SLOT_INFORMATION_WEIGHT = 1.0;
    /**
     * Every experiment costs 15 minutes of wall time whatever its expected harm; 0.1 journey-outage minutes
     * per experiment (instead of the default 0.01) stops near-free, near-useless probes from winning on the ratio.
     * Measured on online-boutique and sock-shop (docs/benchmarks.md, issue 7).
     */
    static final double OVERHEAD_MINUTES = 0.1;

    /** The eig strategy stops when its best runnable candidate is expected to teach less than this many bits. */
    static final double MIN_BITS = 0.03;

    private final Belief belief;
    private final PlanRequest request;

    private BeliefModelLearner(Belief belief, long seed) {
        this.belief = belief;
        this.request = PlanRequest.defaults().withTop(1).withSeed(seed)
                .withSlotInformationWeight(SLOT_INFORMATION_WEIGHT).withOverheadMinutes(OVERHEAD_MINUTES);
    }

    static BeliefModelLearner create(Topology topology, long seed) {
        Clock frozen = Clock.fixed(Bench.START, ZoneOffset.UTC);
        return new BeliefModelLearner(Belief.create(SystemGraph.of(topology), Priors.broad(), Belief.Settings.DEFAULTS, frozen), seed);
    }

    /** A learner starting from {@code belief} instead of the broad prior (tests). */
    static BeliefModelLearner of(Belief belief, long seed) {
        return new BeliefModelLearner(belief, seed);
    }

    Belief belief() {
        return belief;
    }

    @Override
    public int levels() {
        return ChaosScale.LEVELS;
    }

    @Override
    public Fault fault(FaultClass faultClass, String target, int level) {
        return ChaosScale.fault(faultClass, target, level, LATENCY_SCOPE);
    }

    @Override
    public Map<String, Double> predict(Fault fault) {
        return belief.predict(fault).services();
    }

    @Override
    public Map<String, Double> predictJourneys(Fault fault) {
        return belief.predict(fault).journeys();
    }

    @Override
    public void learn(Fault fault, Observed observed) {
        belief.update(Observation.of(fault, observed.services(), observed.journeys(), Bench.START));
    }

    /**
     * The planner's single best runnable candidate (generated candidates only: the bench has no intents), or
     * none when even the best is expected to teach less than {@link #MIN_BITS}: nothing left worth a run.
     */
    @Override
    public List<Fault> ranked() {
        Plan plan = Planner.create(belief, List.of()).plan(request);
        return plan.candidates().stream().filter(Candidate::runnable).filter(c -> c.eigBits() >= MIN_BITS).map(Candidate::fault).limit(1).toList();
    }
}
