package dev.assay.sim;

import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/** The strategies the bench compares; {@code --strategies} spells them in lower case. */
public enum StrategyKind {
    /** Uniform over the runnable candidates, with replacement (Chaos Monkey style). */
    RANDOM,
    /** Each target × fault class once at the strongest level, in a fixed graph order, then the other levels; learns through Assay's belief. */
    EXHAUSTIVE,
    /** Filibuster-style: the exhaustive order, remembering every outcome it observed instead of modelling ({@link MemoryLearner}). */
    SWEEP,
    /** LDFI-style lineage-driven selection, remembering outcomes ({@link LdfiStrategy}, {@link MemoryLearner}). */
    LDFI,
    /** The motivating article's ranking: degradation sensitivity × call frequency, sensitivities learned. */
    HEURISTIC,
    /** Assay's planner: the best runnable candidate by expected information gain per unit of budget. */
    EIG,
    /**
     * Not a strategy: the bound of greedy one-step lookahead with the ground truth ({@link OracleStrategy}); slow
     * (every candidate tried on a copy of the learner before each experiment), so never in the default list.
     */
    ORACLE,
    /** Not in the default list either: Bayesian one-step lookahead on the learner's own belief, no ground truth ({@link LookaheadStrategy}). */
    LOOKAHEAD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StrategyKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    Strategy create(Topology topology, Learner learner, long seed) {
        List<String> order = GraphOrder.of(topology);
        return switch (this) {
            case RANDOM -> new RandomStrategy(order, learner, new SplittableRandom(seed ^ 0x5DEECE66DL));
            case EXHAUSTIVE, SWEEP -> new ExhaustiveStrategy(order, learner);
            case LDFI -> new LdfiStrategy(topology, order, learner);
            case HEURISTIC -> new HeuristicStrategy(topology, learner);
            case EIG -> () -> learner.ranked().stream().findFirst();
            case LOOKAHEAD -> new LookaheadStrategy(topology, order, learner, seed);
            case ORACLE -> throw new IllegalArgumentException("the oracle sees the ground truth: the bench builds it (Bench#runOne)");
        };
    }

    /** Whether the strategy keeps a memory of outcomes instead of the bench's model. */
    boolean remembers() {
        return this == SWEEP || this == LDFI;
    }

    static final FaultClass[] CLASSES = FaultClass.values();
}
