package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What the data says about one acceptance criterion: the statistic in the reference (baseline window or
 * control cohort) and during the fault, the confidence interval of the value during the fault (empty when a
 * window had no samples), the sample counts, the p-value of "the fault changed it" and the decision.
 */
public record Evidence(String sli, String criterion, double threshold, Reference reference, double baseline,
                       double during, Optional<Interval> interval, long baselineSamples, long duringSamples, double pValue,
                       Decision decision, String method) {
    /** What the faulted data is compared against. */
    public enum Reference { BASELINE_WINDOW, CONTROL_COHORT }

    /** The criterion held with confidence, was broken with confidence, or the data cannot tell. */
    public enum Decision { HOLDS, BROKEN, UNDECIDED }

    public Evidence {
        requireNonNull(sli, "sli");
        requireNonNull(criterion, "criterion");
        requireNonNull(reference, "reference");
        requireNonNull(interval, "interval");
        requireNonNull(decision, "decision");
        requireNonNull(method, "method");
        if (!(pValue >= 0 && pValue <= 1)) throw new IllegalArgumentException("pValue must be in [0, 1], was " + pValue);
    }
}
