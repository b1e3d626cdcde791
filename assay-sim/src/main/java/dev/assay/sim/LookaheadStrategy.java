package dev.assay.sim;

import dev.assay.belief.EdgeMechanism;
import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Bayesian one-step lookahead, <em>without</em> the ground truth: what {@link OracleStrategy} does, with the truth
 * replaced by the learner's own belief. Before each experiment it draws {@link #DRAWS} systems from the learner's
 * posteriors (every edge's mechanism sampled from its posterior), and for every candidate (target × fault class ×
 * level) runs it on each draw, teaches a copy of the learner the outcome, and scores the copy by the uncertainty left
 * in its predictions: the binary entropy of P(degraded) of every service, summed over {@link #QUERIES} fault queries
 * sampled once (faults only, never their truth). It picks the candidate with the lowest mean entropy (ties: the
 * smaller budget). A bench strategy for measuring what a lookahead planner could reach: far too slow for planning
 * (candidates × draws × queries predictions per experiment).
 */
final class LookaheadStrategy implements Strategy {
    static final int DRAWS = 2;
    static final int QUERIES = 100;

    private final Topology topology;
    private final List<String> targets;
    private final Learner learner;
    private final List<Fault> queries = new ArrayList<>();
    private final SplittableRandom random;
    private int step;

    LookaheadStrategy(Topology topology, List<String> targets, Learner learner, long seed) {
        this.topology = topology;
        this.targets = List.copyOf(targets);
        this.learner = learner;
        this.random = new SplittableRandom(seed ^ 0x10CA7EADL);
        SplittableRandom q = new SplittableRandom(seed ^ 0x9E3779B9L);
        for (int i = 0; i < QUERIES; i++) {
            queries.add(learner.fault(StrategyKind.CLASSES[q.nextInt(StrategyKind.CLASSES.length)], targets.get(q.nextInt(targets.size())),
                    q.nextInt(learner.levels())));
        }
    }

    @Override
    public Optional<Fault> next() {
        step++;
        List<Simulator> draws = new ArrayList<>();
        for (int d = 0; d < DRAWS; d++) draws.add(Simulator.create(topology, draw(random.split())));
        return OracleStrategy.best(targets, learner, f -> {
            double entropy = 0;
            double budget = 0;
            for (int d = 0; d < draws.size(); d++) {
                SimulatedSystem system = SimulatedSystem.create(draws.get(d), SimulatedClock.startingAt(Bench.START), step * 31L + d);
                Observed seen = new Experimenter(system).run(f);
                Learner trial = learner.copy();
                trial.learn(f, seen);
                entropy += uncertainty(trial) / draws.size();
                budget += seen.budget() / draws.size();
            }
            return new OracleStrategy.Trial(entropy, budget);
        });
    }

    /** A system drawn from the learner's posteriors: each edge's mechanism sampled from its posterior. */
    private GroundTruth draw(SplittableRandom rnd) {
        Map<String, EdgeMechanism> mechanisms = new LinkedHashMap<>();
        for (Edge e : topology.edges()) {
            List<Double> p = learner.posterior(e.from(), e.to());
            if (p.isEmpty()) continue;
            double u = rnd.nextDouble();
            int m = 0;
            for (double acc = p.get(0); m < p.size() - 1 && u >= acc; acc += p.get(++m)) {
                // walks the cumulative posterior
            }
            mechanisms.put(e.key(), EdgeMechanism.GRID.get(m));
        }
        return new GroundTruth(mechanisms, 0);
    }

    private double uncertainty(Learner trial) {
        double h = 0;
        for (Fault q : queries) {
            for (Map.Entry<String, Double> p : trial.predict(q).entrySet()) {
                if (!p.getKey().equals(q.target())) h += entropy(p.getValue());
            }
        }
        return h;
    }

    private static double entropy(double p) {
        return p <= 0 || p >= 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    }
}
