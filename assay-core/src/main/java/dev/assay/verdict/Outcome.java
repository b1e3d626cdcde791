package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one experiment left behind, structured so it can be queried: its verdict with the evidence per
 * criterion (values in the baseline and during), why and how fast it was aborted, the predicted and the
 * actually affected services, what was discovered that the model did not know (services, and edges written
 * {@code caller->callee}), the prediction error (1 - Jaccard of predicted and actual), the error budget
 * spent, and the information gained about the system, in bits.
 */
public record Outcome(String experimentId, String intentId, Verdict verdict, Optional<String> abortReason,
                      Optional<Duration> abortLatency, List<String> predictedBlastRadius, List<String> actualBlastRadius,
                      List<String> discovered, double predictionError, double budgetConsumed, double bitsGained,
                      Instant startedAt, Instant endedAt) {
    public Outcome {
        requireNonNull(experimentId, "experimentId");
        requireNonNull(intentId, "intentId");
        requireNonNull(verdict, "verdict");
        requireNonNull(abortReason, "abortReason");
        requireNonNull(abortLatency, "abortLatency");
        requireNonNull(startedAt, "startedAt");
        requireNonNull(endedAt, "endedAt");
        predictedBlastRadius = List.copyOf(predictedBlastRadius);
        actualBlastRadius = List.copyOf(actualBlastRadius);
        discovered = List.copyOf(discovered);
        if (!(predictionError >= 0 && predictionError <= 1)) throw new IllegalArgumentException("predictionError must be in [0, 1], was " + predictionError);
        if (!(budgetConsumed >= 0)) throw new IllegalArgumentException("budgetConsumed must be >= 0, was " + budgetConsumed);
        if (!Double.isFinite(bitsGained)) throw new IllegalArgumentException("bitsGained must be finite");
        if (endedAt.isBefore(startedAt)) throw new IllegalArgumentException("an outcome cannot end (" + endedAt + ") before it started (" + startedAt + ")");
    }

    /** The reason a verdict gives, if it gives one (refuted, inconclusive, aborted). */
    public Optional<String> verdictReason() {
        return switch (verdict) {
            case Verdict.Supported s -> Optional.empty();
            case Verdict.Refuted r -> Optional.of(r.reason());
            case Verdict.Inconclusive i -> Optional.of(i.reason());
            case Verdict.Aborted a -> Optional.of(a.reason());
        };
    }
}
