package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

/**
 * One SLI measured twice: in the reference (the baseline window, or the control cohort of the same window)
 * and during the fault (the faulted window or cohort). Both must be of the same kind.
 */
public record MeasurementPair(Evidence.Reference reference, Measurement before, Measurement during) {
    public MeasurementPair {
        requireNonNull(reference, "reference");
        requireNonNull(before, "before");
        requireNonNull(during, "during");
        if (before.getClass() != during.getClass()) {
            throw new IllegalArgumentException("an observation compares like with like, got " + before + " and " + during);
        }
    }

    public static MeasurementPair againstBaseline(Measurement baseline, Measurement during) {
        return new MeasurementPair(Evidence.Reference.BASELINE_WINDOW, baseline, during);
    }

    public static MeasurementPair againstControl(Measurement control, Measurement faulted) {
        return new MeasurementPair(Evidence.Reference.CONTROL_COHORT, control, faulted);
    }
}
