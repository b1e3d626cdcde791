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

    public static Guard burnRate(String sli, double maxBurnRate) {
        return new Guard("slo burn rate", new AbortCondition(sli, AbortCondition.Trigger.ABOVE, dev.assay.model.Quantity.number(maxBurnRate)));
    }

    public static Guard journeyDegraded(AbortCondition c) {
        return new Guard("target journey degraded", c);
    }

    public String describe() {
        return origin + " " + condition.sli() + " " + condition.trigger().id() + " " + condition.threshold();
    }
}
