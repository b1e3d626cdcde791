package dev.assay.demo;

import static java.util.Objects.requireNonNull;

import dev.assay.runner.RunnerSettings;
import java.time.Duration;

/**
 * How long each part of the demo takes. {@link #DEMO} keeps a whole run under three minutes on two cores:
 * short windows, but the same safety layer (pre-flight, guards every 250 ms, leased faults, rollback, recovery).
 *
 * @param rate           load generator requests per second
 * @param discoveryMin   traffic observed before the graph is trusted
 * @param discoveryMax   give up waiting for a stable graph after this long (it is used as it is)
 * @param steadyWait     how long to wait for an intent's steady state before its experiment
 * @param runner         the runner's baseline, level, guard, lease and recovery timings
 */
public record DemoTimings(double rate, Duration discoveryMin, Duration discoveryMax, Duration steadyWait, RunnerSettings runner) {
    public static final DemoTimings DEMO = new DemoTimings(100, Duration.ofSeconds(6), Duration.ofSeconds(60), Duration.ofSeconds(20),
            new RunnerSettings(Duration.ofSeconds(4), Duration.ofSeconds(6), Duration.ofMillis(250), Duration.ofSeconds(2),
                    Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2)));

    public DemoTimings {
        requireNonNull(discoveryMin, "discoveryMin");
        requireNonNull(discoveryMax, "discoveryMax");
        requireNonNull(steadyWait, "steadyWait");
        requireNonNull(runner, "runner");
        if (!(rate > 0)) throw new IllegalArgumentException("rate must be positive");
    }
}
