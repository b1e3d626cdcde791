package dev.assay.demo;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a caller protects itself on one edge: a per-attempt timeout, immediate retries (no backoff, on timeouts
 * and 5xx), and optionally a circuit breaker. A fallback is not part of the policy: it is what the caller's
 * code does with a {@link CallFailedException}.
 */
record CallPolicy(Duration timeout, int retries, boolean circuitBreaker) {
    CallPolicy {
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0");
    }

    static CallPolicy timeout(long millis) {
        return new CallPolicy(Duration.ofMillis(millis), 0, false);
    }

    CallPolicy withRetries(int n) {
        return new CallPolicy(timeout, n, circuitBreaker);
    }

    CallPolicy withCircuitBreaker() {
        return new CallPolicy(timeout, retries, true);
    }
}
