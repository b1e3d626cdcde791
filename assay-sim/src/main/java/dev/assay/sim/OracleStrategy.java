package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import java.util.List;
import java.util.Optional;

/**
 * A bound, not a strategy anyone could run: greedy one-step lookahead <em>with the ground truth</em>. Before each
 * experiment it tries every candidate (each target × fault class × level) on a copy of the learner, measured on a
 * fresh draw of the simulated system (the true mechanisms, but noise it will not see again), and picks the one whose
 * copy then scores the lowest error on the seed's {@link EvaluationSet} (ties: the smaller budget). It shows how
 * few experiments the bench's learner needs when every choice is the best next one for the very metric the bench
 * reports; the gap between it and {@code eig} is what the planner's objective leaves on the table.
 */
final class OracleStrategy implements Strategy {
    private final List<String> targets;
    private final Learner learner;
    private final Simulator simulator;
    private final EvaluationSet evaluation;
    private final long seed;
    private int step;

    OracleStrategy(List<String> targets, Learner learner, Simulator simulator, EvaluationSet evaluation, long seed) {
        this.targets = List.copyOf(targets);
        this.learner = learner;
        this.simulator = simulator;
        this.evaluation = evaluation;
        this.seed = seed;
    }

    @Override
    public Optional<Fault> next() {
        step++;
        return best(targets, learner, f -> {
            SimulatedSystem draw = SimulatedSystem.create(simulator, SimulatedClock.startingAt(Bench.START), seed * 7919 + step);
            Observed seen = new Experimenter(draw).run(f);
            Learner trial = learner.copy();
            trial.learn(f, seen);
            return new Trial(evaluation.meanError(trial), seen.budget());
        });
    }

    /** What trying one candidate gave: the score to minimise and the budget it cost (the tie-break). */
    record Trial(double score, double budget) {
    }

    /** The candidate (every target × fault class × level) whose trial scores lowest, ties to the smaller budget. */
    static Optional<Fault> best(List<String> targets, Learner learner, java.util.function.Function<Fault, Trial> trial) {
        Fault best = null;
        Trial bestTrial = new Trial(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        for (String target : targets) {
            for (FaultClass c : StrategyKind.CLASSES) {
                for (int level = 0; level < learner.levels(); level++) {
                    Fault f = learner.fault(c, target, level);
                    Trial t = trial.apply(f);
                    if (t.score() < bestTrial.score() || (t.score() == bestTrial.score() && t.budget() < bestTrial.budget())) {
                        best = f;
                        bestTrial = t;
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
