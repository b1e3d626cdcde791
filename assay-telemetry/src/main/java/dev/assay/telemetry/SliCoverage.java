package dev.assay.telemetry;

import java.time.Duration;
import java.util.Optional;

/**
 * An optional capability of an SLI source: how much of a trailing window its data actually covers (a proxy
 * that started 20 minutes ago covers 20 minutes of a 30-day window). Error budgets use it so that a short
 * history is never read as a whole window; a source without it is taken to cover the window.
 */
public interface SliCoverage {
    /** The observed time within the trailing {@code window} for {@code sli}; empty when unknown. */
    Optional<Duration> covered(String sli, Duration window);
}
