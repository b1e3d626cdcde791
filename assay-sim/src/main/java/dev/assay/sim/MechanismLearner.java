package dev.assay.sim;

import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.EdgeMechanism;
import dev.assay.belief.MeasuredOutcome;
import dev.assay.belief.MechanismBelief;
import dev.assay.belief.MechanismPriors;
import dev.assay.belief.Observation;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import dev.assay.planner.Candidate;
import dev.assay.planner.PlanRequest;
import dev.assay.planner.Planner;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assay's belief, version 2, under test: a {@link MechanismBelief} (broad priors, never the ground truth) predicts and
 * learns from every service's measured error rate and p99; the planner's EIG is information about the mechanisms of
 * the fault's caller cone. The planner's cost and constraints still read the tolerance {@link Belief}, which is fed
 * the same outcomes as degraded yes/no.
 */
final class MechanismLearner implements Learner {
    /** Every experiment costs 15 minutes of wall time whatever its expected harm (as {@link BeliefModelLearner}). */
    static final double OVERHEAD_MINUTES = 0.1;
    /**
     * What an experiment must teach to be worth its cost: {@code MIN_BITS} bits about identifiable mechanism classes
     * per {@link #OVERHEAD_MINUTES} of cost (overhead plus expected error budget). The eig strategy stops when the
     * planner's best runnable candidate is below it: with settled and unidentifiable edges worth 0 bits
     * ({@code MechanismClasses}), that is when every edge a plannable fault can still tell apart is settled.
     */
    static final double MIN_BITS = 0.05;

    private final MechanismBelief mechanisms;
    private final Belief belief;
    private final PlanRequest request;
    private final SystemGraph graph;

    private MechanismLearner(Topology topology, long seed) {
        graph = SystemGraph.of(topology);
        Clock frozen = Clock.fixed(Bench.START, ZoneOffset.UTC);
        belief = Belief.create(graph, Priors.broad(), Belief.Settings.DEFAULTS, frozen);
        mechanisms = MechanismBelief.create(graph, MechanismPriors.broad(),
                new MechanismBelief.Settings(100, 0.02, 16, seed));
        request = PlanRequest.defaults().withTop(1).withSeed(seed).withOverheadMinutes(OVERHEAD_MINUTES);
    }

    private MechanismLearner(MechanismLearner from) {
        graph = from.graph;
        belief = from.belief.copy();
        mechanisms = from.mechanisms.copy();
        request = from.request;
    }

    @Override
    public Learner copy() {
        return new MechanismLearner(this);
    }

    static MechanismLearner create(Topology topology, long seed) {
        return new MechanismLearner(topology, seed);
    }

    MechanismBelief mechanisms() {
        return mechanisms;
    }

    @Override
    public int levels() {
        return ChaosScale.LEVELS;
    }

    @Override
    public Fault fault(FaultClass faultClass, String target, int level) {
        return ChaosScale.fault(faultClass, target, level, BeliefModelLearner.LATENCY_SCOPE);
    }

    @Override
    public Map<String, Double> predict(Fault fault) {
        return mechanisms.predict(fault).services();
    }

    @Override
    public Map<String, Double> predictJourneys(Fault fault) {
        return mechanisms.predict(fault).journeys();
    }

    @Override
    public Optional<EdgeMechanism> mechanism(String caller, String callee) {
        return graph.edge(caller, callee).stream().mapToObj(e -> EdgeMechanism.GRID.get(mechanisms.mostProbable(e))).findFirst();
    }

    @Override
    public List<Double> posterior(String caller, String callee) {
        return graph.edge(caller, callee).isPresent() ? mechanisms.posterior(caller, callee) : List.of();
    }

    @Override
    public void learn(Fault fault, Observed observed) {
        mechanisms.update(new MeasuredOutcome(fault, observed.serviceSlis(), observed.journeySlis()));
        belief.update(Observation.of(fault, observed.services(), observed.journeys(), Bench.START));
    }

    @Override
    public List<Fault> ranked() {
        return Planner.create(belief, List.of(), mechanisms).plan(request).candidates().stream().filter(Candidate::runnable)
                .filter(MechanismLearner::worthItsCost).map(Candidate::fault).limit(1).toList();
    }

    static boolean worthItsCost(Candidate c) {
        return c.eigBits() >= MIN_BITS * (c.expectedCost() + OVERHEAD_MINUTES) / OVERHEAD_MINUTES;
    }
}
