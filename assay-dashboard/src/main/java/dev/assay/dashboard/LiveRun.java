package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import dev.assay.runner.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The experiment running now: its phase (with the runner's detail, e.g. {@code level {delayMs=400.0}}), each guard's
 * latest value against its threshold and when it was read, the time left at the current level, and the guard values
 * read so far ({@code samples}, the newest last, bounded) for a chart.
 */
public record LiveRun(String experimentId, String intentId, Phase phase, String detail, Instant startedAt, List<GuardValue> guards,
                      Optional<Duration> timeLeft, List<Sample> samples, Optional<String> breach) {
    public LiveRun {
        requireNonNull(experimentId, "experimentId");
        requireNonNull(intentId, "intentId");
        requireNonNull(phase, "phase");
        requireNonNull(detail, "detail");
        requireNonNull(startedAt, "startedAt");
        guards = List.copyOf(guards);
        requireNonNull(timeLeft, "timeLeft");
        samples = List.copyOf(samples);
        requireNonNull(breach, "breach");
    }

    /**
     * One guard: {@code describe} as the runner words it, its SLI, the absolute threshold (a relative {@code dropsBy}/
     * {@code risesBy} resolved against the baseline), whether the value must stay below it ({@code above} triggers), the
     * latest value and when it was read (empty before the first evaluation).
     */
    public record GuardValue(String describe, String sli, double threshold, boolean breachAbove, OptionalDouble value, Optional<Instant> readAt) {
        public GuardValue {
            requireNonNull(describe, "describe");
            requireNonNull(sli, "sli");
            requireNonNull(value, "value");
            requireNonNull(readAt, "readAt");
        }
    }

    /** The guard SLI values read at one evaluation. */
    public record Sample(Instant at, Map<String, Double> values) {
        public Sample {
            requireNonNull(at, "at");
            values = Map.copyOf(values);
        }
    }
}
