package dev.assay.runner;

import dev.assay.model.Magnitude;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Evaluates the guards every {@code period} until a deadline. Fails closed: a guard whose source answers
 * {@link Reading.Unknown} is a breach. An operator stop (SIGINT) is a breach too.
 */
final class GuardLoop {
    private final SliSource source;
    private final Clock clock;
    private final Duration period;
    private final Duration window;

    record Breach(String reason, Instant observedAt) {
    }

    GuardLoop(SliSource source, Clock clock, Duration period, Duration window) {
        this.source = source;
        this.clock = clock;
        this.period = period;
        this.window = window;
    }

    Optional<Breach> watch(String experimentId, List<Guard> guards, Map<String, Double> baselines, Instant until, FaultSet faults,
                           BooleanSupplier stopRequested, Magnitude level, ExperimentListener listener) {
        while (true) {
            Instant tickStart = clock.instant();
            faults.alive();
            if (stopRequested.getAsBoolean()) return Optional.of(new Breach("stopped by the operator (signal)", tickStart));
            Map<String, Double> values = new LinkedHashMap<>();
            for (Guard g : guards) {
                Reading r = source.read(g.condition().sli(), window);
                Instant observed = clock.instant();
                if (r instanceof Reading.Unknown u) {
                    return Optional.of(new Breach("guard " + g.describe() + " cannot be read (" + u.reason() + "); failing closed", observed));
                }
                double v = ((Reading.Known) r).value();
                values.put(g.condition().sli(), v);
                double baseline = baselines.getOrDefault(g.condition().sli(), 0.0);
                if (g.condition().breached(v, baseline)) {
                    return Optional.of(new Breach("guard " + g.describe() + " breached: " + g.condition().sli() + " = " + g.valueText(v)
                            + (baseline != 0 ? " (baseline " + g.valueText(baseline) + ")" : ""), observed));
                }
            }
            Instant now = clock.instant();
            if (!now.isBefore(until)) return Optional.empty();
            listener.guardsEvaluated(experimentId, values, level, Duration.between(now, until));
            long sleep = Math.min(period.toMillis() - Duration.between(tickStart, now).toMillis(), Duration.between(now, until).toMillis());
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.of(new Breach("the runner was interrupted", clock.instant()));
                }
            }
        }
    }
}
