package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How resilient a journey or service is believed to be: the expected share of the faults that matter (every
 * service it depends on × fault class × level) it survives, in [0, 1], with the standard deviation of that
 * share under the belief's uncertainty ({@code uncertainty}), and when its evidence was last updated.
 */
public record ResilienceScore(String name, double score, double uncertainty, Instant lastUpdated) {
    public ResilienceScore {
        requireNonNull(name, "name");
        requireNonNull(lastUpdated, "lastUpdated");
    }
}
