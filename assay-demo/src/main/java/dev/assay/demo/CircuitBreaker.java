package dev.assay.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A count-based circuit breaker: {@code threshold} consecutive failures open it; while open, calls fail fast;
 * after {@code openFor} one trial call is let through (half-open) and its result closes or re-opens it.
 */
final class CircuitBreaker {
    enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private State state = State.CLOSED;
    private int failures;
    private Instant openedAt = Instant.EPOCH;
    private boolean trialInFlight;

    CircuitBreaker(int threshold, Duration openFor, Clock clock) {
        if (threshold < 1) throw new IllegalArgumentException("threshold must be >= 1");
        this.threshold = threshold;
        this.openFor = openFor;
        this.clock = clock;
    }

    /** True when a call may go out now. */
    boolean allow() {
        lock.lock();
        try {
            if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
                state = State.HALF_OPEN;
                trialInFlight = false;
            }
            if (state == State.HALF_OPEN) {
                if (trialInFlight) return false;
                trialInFlight = true;
                return true;
            }
            return state == State.CLOSED;
        } finally {
            lock.unlock();
        }
    }

    void success() {
        lock.lock();
        try {
            state = State.CLOSED;
            failures = 0;
            trialInFlight = false;
        } finally {
            lock.unlock();
        }
    }

    void failure() {
        lock.lock();
        try {
            failures++;
            if (state == State.HALF_OPEN || failures >= threshold) {
                state = State.OPEN;
                openedAt = clock.instant();
                trialInFlight = false;
            }
        } finally {
            lock.unlock();
        }
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }
}
