package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Timings of an experiment: how long to measure the baseline and each level, how often to evaluate guards
 * (at most 1 s), the window guards read over, the lease TTL of every fault (renewed by heartbeat every
 * TTL/4), how long to wait for recovery, and the short "now" window of the pre-flight's degradation check.
 */
public record RunnerSettings(Duration baseline, Duration levelDuration, Duration guardPeriod, Duration guardWindow, Duration leaseTtl,
                             Duration recoveryTimeout, Duration recentWindow) {
    public static final RunnerSettings DEFAULTS = new RunnerSettings(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(250),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30));

    public RunnerSettings {
        requireNonNull(baseline, "baseline");
        requireNonNull(levelDuration, "levelDuration");
        requireNonNull(guardPeriod, "guardPeriod");
        requireNonNull(guardWindow, "guardWindow");
        requireNonNull(leaseTtl, "leaseTtl");
        requireNonNull(recoveryTimeout, "recoveryTimeout");
        requireNonNull(recentWindow, "recentWindow");
        if (guardPeriod.isZero() || guardPeriod.isNegative() || guardPeriod.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("guardPeriod must be in (0, 1s], was " + guardPeriod);
        }
        if (leaseTtl.compareTo(Duration.ofMillis(200)) < 0) throw new IllegalArgumentException("leaseTtl must be >= 200ms, was " + leaseTtl);
        if (levelDuration.isZero() || levelDuration.isNegative()) throw new IllegalArgumentException("levelDuration must be positive");
    }
}
