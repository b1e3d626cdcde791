package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Multi-window, multi-burn-rate alerting (the SRE workbook, chapter 5): an alert fires when the burn rate
 * is at least {@code factor} over both the long and the short window. {@link #SRE_WORKBOOK} is the scheme for a
 * 30-day SLO; {@link #scaledTo} shrinks or stretches its windows for other SLO windows.
 */
public record BurnRatePolicy(List<Window> windows) {
    public static final Duration WORKBOOK_SLO_WINDOW = Duration.ofDays(30);
    public static final BurnRatePolicy SRE_WORKBOOK = new BurnRatePolicy(List.of(
            new Window("page-fast", Duration.ofHours(1), Duration.ofMinutes(5), 14.4),
            new Window("page-slow", Duration.ofHours(6), Duration.ofMinutes(30), 6),
            new Window("ticket", Duration.ofDays(3), Duration.ofHours(6), 1)));

    public BurnRatePolicy {
        windows = List.copyOf(windows);
        if (windows.isEmpty()) throw new IllegalArgumentException("a burn-rate policy needs at least one window");
    }

    /** One alerting condition: burn rate >= factor over {@code longWindow} and over {@code shortWindow}. */
    public record Window(String name, Duration longWindow, Duration shortWindow, double factor) {
        public Window {
            requireNonNull(name, "name");
            requireNonNull(longWindow, "longWindow");
            requireNonNull(shortWindow, "shortWindow");
            if (shortWindow.compareTo(longWindow) >= 0) throw new IllegalArgumentException("short window must be shorter than the long one");
            if (!(factor > 0)) throw new IllegalArgumentException("burn-rate factor must be positive");
        }
    }

    /** The same factors with windows scaled by {@code sloWindow / 30 days} (rounded to whole seconds, at least 1 s). */
    public BurnRatePolicy scaledTo(Duration sloWindow) {
        double k = (double) sloWindow.toMillis() / WORKBOOK_SLO_WINDOW.toMillis();
        return new BurnRatePolicy(windows.stream().map(w -> new Window(w.name(), scale(w.longWindow(), k), scale(w.shortWindow(), k), w.factor())).toList());
    }

    private static Duration scale(Duration d, double k) {
        return Duration.ofSeconds(Math.max(1, Math.round(d.toMillis() * k / 1000.0)));
    }
}
