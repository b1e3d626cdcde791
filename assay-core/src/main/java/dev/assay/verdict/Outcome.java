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
 * spent, the information gained about the system, in bits, and every observed service's and journey's SLIs in the
 * baseline and fault windows ({@link SliWindows}; empty where nothing was measured, e.g. a pre-flight refusal).
 */
public record Outcome(String experimentId, String intentId, Verdict verdict, Optional<String> abortReason,
                      Optional<Duration> abortLatency, List<String> predictedBlastRadius, List<String> actualBlastRadius,
                      List<String> discovered, double predictionError, double budgetConsumed, double bitsGained,
                      Instant startedAt, Instant endedAt, List<SliWindows> measured) {
    public Outcome {
        measured = List.copyOf(measured);
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

    /** Without SLI windows (nothing measured beyond the verdict's evidence). */
    public Outcome(String experimentId, String intentId, Verdict verdict, Optional<String> abortReason, Optional<Duration> abortLatency,
                   List<String> predictedBlastRadius, List<String> actualBlastRadius, List<String> discovered, double predictionError,
                   double budgetConsumed, double bitsGained, Instant startedAt, Instant endedAt) {
        this(experimentId, intentId, verdict, abortReason, abortLatency, predictedBlastRadius, actualBlastRadius, discovered, predictionError,
                budgetConsumed, bitsGained, startedAt, endedAt, List.of());
    }

    /** This outcome with {@code measured} as its SLI windows. */
    public Outcome withMeasured(List<SliWindows> measured) {
        return new Outcome(experimentId, intentId, verdict, abortReason, abortLatency, predictedBlastRadius, actualBlastRadius, discovered,
                predictionError, budgetConsumed, bitsGained, startedAt, endedAt, measured);
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
