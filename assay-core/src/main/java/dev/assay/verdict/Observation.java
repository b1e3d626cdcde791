package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

/**
 * One SLI measured twice: in the reference (the baseline window, or the control cohort of the same window)
 * and during the fault (the faulted window or cohort). Both must be of the same kind.
 */
public record Observation(Evidence.Reference reference, Measurement before, Measurement during) {
    public Observation {
        requireNonNull(reference, "reference");
        requireNonNull(before, "before");
        requireNonNull(during, "during");
        if (before.getClass() != during.getClass()) {
            throw new IllegalArgumentException("an observation compares like with like, got " + before + " and " + during);
        }
    }

    public static Observation againstBaseline(Measurement baseline, Measurement during) {
        return new Observation(Evidence.Reference.BASELINE_WINDOW, baseline, during);
    }

    public static Observation againstControl(Measurement control, Measurement faulted) {
        return new Observation(Evidence.Reference.CONTROL_COHORT, control, faulted);
    }
}
