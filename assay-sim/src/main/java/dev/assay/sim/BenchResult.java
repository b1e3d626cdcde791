package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A bench's outcome, averaged over seeds, strategies in the order they were asked for. */
public record BenchResult(String topology, int services, int evaluationQueries, BenchOptions options,
                          Map<String, StrategyResult> strategies, Duration elapsed) {
    public BenchResult {
        requireNonNull(topology, "topology");
        requireNonNull(options, "options");
        requireNonNull(elapsed, "elapsed");
        strategies = Collections.unmodifiableMap(new LinkedHashMap<>(strategies));
    }

    /**
     * One point of a learning curve: after {@code experiments} experiments, the mean blast-radius error, the budget
     * spent, and the journey-impact error (weighted by journey weight).
     */
    public record Point(int experiments, double error, double budget, double journeyError) {
        public Point(int experiments, double error, double budget) {
            this(experiments, error, budget, 0);
        }
    }

    /**
     * How well inferred mechanisms match the ground truth on the edges any experiment reached (sync edges whose callee
     * presented a changed mix), when the run reached the target error (else at its end), averaged over seeds:
     * {@code exact} the share whose most probable mechanism is the true one, {@code equivalent} the share whose most
     * probable mechanism gives the same measurements as the truth on every input the edge was shown.
     */
    public record MechanismScore(double exact, double equivalent, double identifiable, double edges) {
    }

    /**
     * One strategy, averaged over seeds: the first evaluated experiment count at which the seed-averaged error
     * is at most the target (and the budget spent by then), the errors after the last experiment, the curve,
     * and (for learners that model mechanisms) the mechanism score.
     */
    public record StrategyResult(Optional<Integer> experimentsToTarget, Optional<Double> budgetToTarget,
                                 double finalError, double finalJourneyError, List<Point> curve, Optional<MechanismScore> mechanisms) {
        public StrategyResult {
            requireNonNull(experimentsToTarget, "experimentsToTarget");
            requireNonNull(budgetToTarget, "budgetToTarget");
            requireNonNull(mechanisms, "mechanisms");
            curve = List.copyOf(curve);
        }

        public StrategyResult(Optional<Integer> experimentsToTarget, Optional<Double> budgetToTarget, double finalError, List<Point> curve) {
            this(experimentsToTarget, budgetToTarget, finalError, curve.isEmpty() ? 0 : curve.get(curve.size() - 1).journeyError(), curve, Optional.empty());
        }
    }
}
