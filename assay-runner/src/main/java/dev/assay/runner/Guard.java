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
        return new Guard("slo " + sloName + " burn rate > " + dev.assay.model.Quantities.readable(maxBurnRate) + "x",
                new AbortCondition(sli, AbortCondition.Trigger.ABOVE, dev.assay.model.Quantity.ratio(threshold)));
    }

    public static Guard journeyDegraded(AbortCondition c) {
        return new Guard("target journey degraded", c);
    }

    /** {@code slo checkout-99 burn rate > 500x checkout.errors.rate above 50%}: the threshold as people read it ({@link dev.assay.model.Quantity#text()}). */
    public String describe() {
        return origin + " " + condition.sli() + " " + condition.trigger().id() + " " + condition.threshold().text();
    }

    /**
     * A value of this guard's SLI as people read it, to 4 significant digits: in the threshold's unit for {@code above}/
     * {@code below} ({@code 94.12%}, {@code 312.5 ms}); a plain number for the relative {@code dropsBy}/{@code risesBy}
     * (their threshold is a share of the baseline, not the SLI's unit).
     */
    public String valueText(double v) {
        return switch (condition.trigger()) {
            case ABOVE, BELOW -> switch (condition.threshold().unit()) {
                case MILLISECONDS -> Math.abs(v) >= 1000 ? dev.assay.model.Quantities.readable(v / 1000, 4) + " s"
                        : dev.assay.model.Quantities.readable(v, 4) + " ms";
                case RATIO -> dev.assay.model.Quantities.readable(v * 100, 4) + "%";
                case NUMBER -> dev.assay.model.Quantities.readable(v, 4);
            };
            case DROPS_BY, RISES_BY -> dev.assay.model.Quantities.readable(v, 4);
        };
    }
}
