package dev.assay.server;

import static java.util.Objects.requireNonNull;

import dev.assay.model.InvalidInputException;
import dev.assay.model.ScheduleConfig;
import dev.assay.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.OptionalDouble;

/**
 * When continuous mode may experiment: the allowed {@code windows} (none: any time), the {@code pace} (at most
 * this fraction of the remaining error budget spent on experiments per day, the day of the first window's
 * zone), the {@code gap} between two experiments, how often a frozen or paced-out scheduler looks again
 * ({@code recheck}), and the burn rate that freezes it ({@code freezeBurnRate}; empty: each paging window's own
 * factor). The system file's {@code schedule:} block sets it ({@link #with(ScheduleConfig)}); serve's flags override.
 */
public record Schedule(List<Window> windows, double pace, Duration gap, Duration recheck, OptionalDouble freezeBurnRate) {
    public Schedule {
        windows = List.copyOf(windows);
        requireNonNull(gap, "gap");
        requireNonNull(recheck, "recheck");
        requireNonNull(freezeBurnRate, "freezeBurnRate");
        if (freezeBurnRate.isPresent() && !(freezeBurnRate.getAsDouble() > 0)) {
            throw new InvalidInputException("--freeze-burn-rate must be more than 0 (a multiple of the sustainable burn rate, e.g. 6), was "
                    + freezeBurnRate.getAsDouble());
        }
        if (!(pace > 0 && pace <= 1)) throw new InvalidInputException("--pace must be in (0, 100%], was " + pace * 100 + "%");
        if (gap.isNegative()) throw new InvalidInputException("--gap must not be negative");
        if (recheck.compareTo(Duration.ofSeconds(1)) < 0) throw new InvalidInputException("the recheck period must be at least 1s");
    }

    /** Any time, at most 10 % of the remaining budget a day, 5 minutes between experiments, a freeze rechecked every minute. */
    public static Schedule defaults() {
        return new Schedule(List.of(), 0.10, Duration.ofMinutes(5), Duration.ofMinutes(1), OptionalDouble.empty());
    }

    /** This schedule with every field the system file's {@code schedule:} block sets. */
    public Schedule with(ScheduleConfig c) {
        Schedule s = c.windows().isEmpty() ? this : withWindows(c.windows());
        if (c.pace().isPresent()) s = s.withPace(c.pace().getAsDouble());
        if (c.gap().isPresent()) s = s.withGap(c.gap().get());
        if (c.freezeBurnRate().isPresent()) s = s.withFreezeBurnRate(c.freezeBurnRate());
        return s;
    }

    public Schedule withWindows(List<Window> w) {
        return new Schedule(w, pace, gap, recheck, freezeBurnRate);
    }

    public Schedule withPace(double p) {
        return new Schedule(windows, p, gap, recheck, freezeBurnRate);
    }

    public Schedule withGap(Duration g) {
        return new Schedule(windows, pace, g, recheck, freezeBurnRate);
    }

    public Schedule withFreezeBurnRate(OptionalDouble f) {
        return new Schedule(windows, pace, gap, recheck, f);
    }

    /** One line for the startup message and the status: windows, pace, gap, freeze threshold. */
    public String describe() {
        return (windows.isEmpty() ? "any time" : "windows " + windows) + String.format(java.util.Locale.ROOT,
                ", pace %s%% of the remaining error budget a day, %ss between experiments, frozen while an SLO burns %s",
                strip(pace * 100), gap.toSeconds(), freezeBurnRate.isPresent() ? "at " + strip(freezeBurnRate.getAsDouble()) + "x or faster"
                        : "fast (page windows at 14.4x and 6x)");
    }

    private static String strip(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    public boolean allows(Instant t) {
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.contains(t));
    }

    /** When the next window opens at or after {@code t} ({@code t} itself inside one). */
    public Instant nextOpen(Instant t) {
        if (allows(t)) return t;
        return windows.stream().map(w -> w.nextStart(t)).min(Instant::compareTo).orElseThrow();
    }

    /** The zone days are counted in for the pace. */
    public ZoneId zone() {
        return windows.isEmpty() ? ZoneId.of("UTC") : windows.get(0).zone();
    }

    public Instant startOfDay(Instant t) {
        return t.atZone(zone()).toLocalDate().atStartOfDay(zone()).toInstant();
    }

    public Instant nextDay(Instant t) {
        ZonedDateTime z = t.atZone(zone()).toLocalDate().plusDays(1).atStartOfDay(zone());
        return z.toInstant();
    }
}
