package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The system file's {@code schedule:} block: when and how fast {@code assay serve --continuous} may experiment.
 * Each field is optional; what it leaves out is {@code assay serve}'s default, and a flag of {@code assay serve}
 * ({@code --window}, {@code --pace}, {@code --gap}, {@code --freeze-burn-rate}) overrides it.
 *
 * @param windows        allowed windows (none: any time)
 * @param pace           at most this share (0..1] of the error budget that remained when the day began, spent on experiments per day
 * @param gap            the pause between two experiments
 * @param freezeBurnRate freeze while any SLO burns its error budget at least this many times the sustainable rate over
 *                       both windows of a paging alert (empty: each paging window's own factor, 14.4x and 6x)
 */
public record ScheduleConfig(List<Window> windows, OptionalDouble pace, Optional<Duration> gap, OptionalDouble freezeBurnRate) {
    /** A system file without a {@code schedule:} block. */
    public static final ScheduleConfig NONE = new ScheduleConfig(List.of(), OptionalDouble.empty(), Optional.empty(), OptionalDouble.empty());

    public ScheduleConfig {
        windows = List.copyOf(windows);
        requireNonNull(pace, "pace");
        requireNonNull(gap, "gap");
        requireNonNull(freezeBurnRate, "freezeBurnRate");
        if (pace.isPresent() && !(pace.getAsDouble() > 0 && pace.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("pace must be in (0, 100%], was " + pace.getAsDouble());
        }
        if (gap.isPresent() && gap.get().isNegative()) throw new IllegalArgumentException("gap must not be negative");
        if (freezeBurnRate.isPresent() && !(freezeBurnRate.getAsDouble() > 0)) throw new IllegalArgumentException("freezeBurnRate must be positive");
    }
}
