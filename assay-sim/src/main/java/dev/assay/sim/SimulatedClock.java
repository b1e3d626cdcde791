package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Simulated time: stands still until {@link #advance} moves it. Not thread-safe; one bench run owns one. */
public final class SimulatedClock implements InstantSource {
    private Instant now;

    private SimulatedClock(Instant start) {
        this.now = requireNonNull(start, "start");
    }

    public static SimulatedClock startingAt(Instant start) {
        return new SimulatedClock(start);
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("simulated time only moves forward, was " + d);
        now = now.plus(d);
    }
}
