package dev.assay.belief;

import static java.util.Objects.requireNonNull;

/**
 * A journey's resilience budget against one fault class on one {@code target} service (rather than the worst
 * service it uses, as {@link BeliefViews#resilienceBudgets} gives): same levels, same thresholds.
 */
public record TargetBudget(String target, ResilienceBudget budget) {
    public TargetBudget {
        requireNonNull(target, "target");
        requireNonNull(budget, "budget");
    }

    /** The human label of a chaos level (0–100) of this budget's class: {@code 388ms}, {@code 4.6% errors}. */
    public String label(int chaosLevel) {
        return ChaosScale.label(budget.faultClass(), ChaosScale.indexOfChaosLevel(chaosLevel));
    }
}
