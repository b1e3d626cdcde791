package dev.assay.demo;

import dev.assay.runner.ErrorBudget;
import dev.assay.runner.MeasurementSource;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.verdict.Measurement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The demo's one SLI and measurement source for the runner: {@code service.*} SLIs from the services' own
 * metrics, everything else (journeys, {@code business.orders.rate}) from the load generator. Also the error
 * budget: each journey's SLO is {@code objective} success over an hour (see {@link #remaining}).
 */
final class DemoSlis implements SliSource, MeasurementSource, ErrorBudget {
    private final LoadGenerator load;
    private final ServiceSlis services;
    private final double objective;
    private final Clock clock;
    private static final Duration TRAFFIC_CHECK = Duration.ofSeconds(30);
    private volatile Instant since;

    DemoSlis(LoadGenerator load, ServiceSlis services, double objective, Clock clock) {
        this.load = load;
        this.services = services;
        this.objective = objective;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** Starts the budget's session now (after warm-up: a cold JVM's first errors are not the SLO's business). */
    void startBudgetSession() {
        since = clock.instant();
    }

    @Override
    public Reading read(String sli, Duration window) {
        return sli.startsWith("service.") ? services.read(sli, window) : load.read(sli, window);
    }

    @Override
    public Optional<Measurement> measure(String sli, Instant from, Instant to) {
        return sli.startsWith("service.") ? services.measure(sli, from, to) : load.measure(sli, from, to);
    }

    /**
     * Unspent share of the journey's error budget. The demo's SLO is {@code objective} success over a one-hour
     * window; with the session's traffic extrapolated to that hour, the budget is {@code (1 - objective)} of
     * those requests, and every request that failed since the session started is spent from it.
     */
    @Override
    public Reading remaining(String targetBehavior) {
        Duration session = Duration.between(since, clock.instant()).plusMillis(1);
        Reading errors = load.read(targetBehavior + ".errors.rate", session);
        if (errors instanceof Reading.Known k) {
            double perSecond = k.samples() / (session.toMillis() / 1000.0);
            double allowed = (1 - objective) * perSecond * 3600;
            double spent = k.value() * k.samples();
            return new Reading.Known("budget." + targetBehavior, Math.max(0, 1 - spent / allowed), k.samples(), k.at());
        }
        // No request of the journey completed since the session began (it may be milliseconds old): nothing is
        // spent yet, provided the journey has traffic at all; a journey with none stays unknown (fail closed).
        if (load.read(targetBehavior + ".errors.rate", TRAFFIC_CHECK) instanceof Reading.Known k) {
            return new Reading.Known("budget." + targetBehavior, 1.0, 0, k.at());
        }
        return new Reading.Unknown("budget." + targetBehavior, "no error budget for '" + targetBehavior + "': " + ((Reading.Unknown) errors).reason());
    }
}
