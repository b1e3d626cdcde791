package dev.assay.sim;

import java.util.List;

/**
 * How a learning-efficiency bench runs: seeds {@code firstSeed .. firstSeed + seeds - 1} (each seed draws its
 * own ground truth, noise and random choices), the strategies to compare, the mean prediction error that
 * counts as "learned", the experiments each strategy may run, the most evaluation queries per seed, and how many seeds
 * run at once ({@code threads}: seeds are independent and merged in seed order, so the result does not depend on it).
 */
public record BenchOptions(int seeds, long firstSeed, List<StrategyKind> strategies, double targetError,
                           int maxExperiments, int evaluationLimit, int threads) {
    public static final int DEFAULT_EVALUATION_LIMIT = 2000;

    /** One seed at a time. */
    public BenchOptions(int seeds, long firstSeed, List<StrategyKind> strategies, double targetError, int maxExperiments, int evaluationLimit) {
        this(seeds, firstSeed, strategies, targetError, maxExperiments, evaluationLimit, 1);
    }

    public BenchOptions {
        strategies = List.copyOf(strategies);
        if (seeds < 1) throw new IllegalArgumentException("seeds must be >= 1, was " + seeds);
        if (strategies.isEmpty()) throw new IllegalArgumentException("at least one strategy is needed");
        if (!(targetError > 0 && targetError < 1)) throw new IllegalArgumentException("target error must be in (0, 1), was " + targetError);
        if (maxExperiments < 1) throw new IllegalArgumentException("max experiments must be >= 1, was " + maxExperiments);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        if (evaluationLimit < 1) throw new IllegalArgumentException("evaluation limit must be >= 1, was " + evaluationLimit);
    }

    /** Evaluation after experiment {@code n}: every one of the first 100, then every {@code ceil(max/200)}-th, and the last. */
    boolean evaluatesAfter(int n) {
        return n <= 100 || n % Math.max(1, (maxExperiments + 199) / 200) == 0 || n == maxExperiments;
    }
}
