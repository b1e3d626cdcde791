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

    /** One point of a learning curve: after {@code experiments} experiments, the mean error and budget spent. */
    public record Point(int experiments, double error, double budget) {
    }

    /**
     * One strategy, averaged over seeds: the first evaluated experiment count at which the seed-averaged error
     * is at most the target (and the budget spent by then), the error after the last experiment, the curve.
     */
    public record StrategyResult(Optional<Integer> experimentsToTarget, Optional<Double> budgetToTarget,
                                 double finalError, List<Point> curve) {
        public StrategyResult {
            requireNonNull(experimentsToTarget, "experimentsToTarget");
            requireNonNull(budgetToTarget, "budgetToTarget");
            curve = List.copyOf(curve);
        }
    }
}
