package dev.assay.planner;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The planner's answer: runnable candidates best first (by score), then the blocked ones worth knowing
 * about (every blocked intent, and generated candidates that would have ranked in the top), then
 * redundant intents (already near-certain) with the probability that they hold.
 */
public record Plan(List<Candidate> candidates, List<Redundant> redundant, Stats stats) {
    public Plan {
        candidates = List.copyOf(candidates);
        redundant = List.copyOf(redundant);
        requireNonNull(stats, "stats");
    }

    /** An intent whose outcome is already near-certain: running it would teach less than the threshold. */
    public record Redundant(String intent, double pHolds) {
        public Redundant {
            requireNonNull(intent, "intent");
        }
    }

    /** How many candidates were evaluated, and how long planning took (wall clock; not part of determinism). */
    public record Stats(int candidates, long planMillis) {
    }
}
