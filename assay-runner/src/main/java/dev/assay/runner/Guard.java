package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import dev.assay.model.AbortCondition;

/**
 * A condition watched continuously during injection: an intent's {@code abortWhen}, an SLO burn-rate limit,
 * or the target journey's degradation. {@code origin} says which, for the abort reason.
 */
public record Guard(String origin, AbortCondition condition) {
    public Guard {
        requireNonNull(origin, "origin");
        requireNonNull(condition, "condition");
    }

    public static Guard abortWhen(AbortCondition c) {
        return new Guard("abortWhen", c);
    }

    /**
     * Aborts when the error-ratio SLI of an SLO burns its budget faster than {@code maxBurnRate} times the
     * sustainable rate over the guard window: the ratio is above {@code budget * maxBurnRate} (capped at 1).
     */
    public static Guard sloBurnRate(String sloName, String sli, double budget, double maxBurnRate) {
        double threshold = Math.min(1, budget * maxBurnRate);
        return new Guard("slo " + sloName + " burn rate > " + maxBurnRate + "x",
                new AbortCondition(sli, AbortCondition.Trigger.ABOVE, dev.assay.model.Quantity.ratio(threshold)));
    }

    public static Guard journeyDegraded(AbortCondition c) {
        return new Guard("target journey degraded", c);
    }

    public String describe() {
        return origin + " " + condition.sli() + " " + condition.trigger().id() + " " + condition.threshold();
    }
}
