package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How a caller protects itself on one edge. In a topology file this is the <em>ground truth</em> the
 * simulator uses; an empty {@code timeout} means the caller waits forever; {@code fallback} means the caller
 * still answers well when the call fails.
 */
public record Resilience(Optional<Duration> timeout, int retries, boolean fallback, boolean circuitBreaker) {
    public static final Resilience NONE = new Resilience(Optional.empty(), 0, false, false);

    public Resilience {
        requireNonNull(timeout, "timeout");
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0, was " + retries);
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) throw new IllegalArgumentException("timeout must be positive, was " + t);
        });
    }
}
