package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * What telemetry observed about how a caller calls a callee, used to shape the prior (never the topology's
 * declared {@code resilience}, which is simulator ground truth). Public contract for the telemetry module:
 * {@code observedTimeout} is the client timeout seen in traces (a call cut at that duration),
 * {@code retriesPerCall} the mean number of retries per failed call, {@code callsPerSecond} the call rate.
 */
public record EdgeEvidence(Optional<Duration> observedTimeout, double retriesPerCall, double callsPerSecond) {
    public static final EdgeEvidence NONE = new EdgeEvidence(Optional.empty(), 0, 0);

    public EdgeEvidence {
        requireNonNull(observedTimeout, "observedTimeout");
        if (!(retriesPerCall >= 0) || !(callsPerSecond >= 0)) {
            throw new IllegalArgumentException("retriesPerCall and callsPerSecond must be >= 0");
        }
    }
}
