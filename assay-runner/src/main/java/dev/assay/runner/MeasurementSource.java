package dev.assay.runner;

import dev.assay.verdict.Measurement;
import java.time.Instant;
import java.util.Optional;

/**
 * The raw samples the verdict is computed from: individual request latencies and error counts of an SLI
 * over a time window (a probe driving the journey, proxy access logs, trace spans).
 */
public interface MeasurementSource {
    /** The samples of {@code sli} between {@code from} and {@code to}; empty when this source does not know it. */
    Optional<Measurement> measure(String sli, Instant from, Instant to);

    /**
     * When the fault proxy splits traffic, the control and faulted cohorts of the same window; empty (the
     * default) to compare against the baseline window instead.
     */
    default Optional<Cohorts> cohorts(String sli, Instant from, Instant to) {
        return Optional.empty();
    }

    record Cohorts(Measurement control, Measurement faulted) {
    }
}
