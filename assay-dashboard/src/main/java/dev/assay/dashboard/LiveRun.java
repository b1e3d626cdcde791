package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import dev.assay.model.AbortCondition;
import dev.assay.runner.Guard;
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
     * One guard as the runner armed it, the absolute threshold (a relative {@code dropsBy}/{@code risesBy} resolved against
     * the baseline), whether the value must stay below it ({@code above} triggers), the latest value and when it was read
     * (empty before the first evaluation).
     */
    public record GuardValue(Guard guard, double threshold, boolean breachAbove, OptionalDouble value, Optional<Instant> readAt) {
        public GuardValue {
            requireNonNull(guard, "guard");
            requireNonNull(value, "value");
            requireNonNull(readAt, "readAt");
        }

        /** As the runner words it: {@code slo checkout-99 burn rate > 500x checkout.errors.rate above 50%}. */
        public String describe() {
            return guard.describe();
        }

        public String sli() {
            return guard.condition().sli();
        }

        /** {@code ratio}, {@code ms} or {@code number}: what the value and threshold are (a relative guard's are the SLI's own). */
        public String unit() {
            boolean absolute = guard.condition().trigger() == AbortCondition.Trigger.ABOVE || guard.condition().trigger() == AbortCondition.Trigger.BELOW;
            if (!absolute) return "number";
            return switch (guard.condition().threshold().unit()) {
                case RATIO -> "ratio";
                case MILLISECONDS -> "ms";
                case NUMBER -> "number";
            };
        }

        /** {@code v} as people read this guard's values ({@link Guard#valueText}): {@code 0.5%}, {@code 312.5 ms}. */
        public String text(double v) {
            return guard.valueText(v);
        }

        GuardValue read(double v, Instant at) {
            return new GuardValue(guard, threshold, breachAbove, OptionalDouble.of(v), Optional.of(at));
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
