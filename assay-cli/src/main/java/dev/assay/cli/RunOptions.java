package dev.assay.cli;

import dev.assay.model.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The experiment options of {@code assay serve}: the same names, defaults and limits as {@code assay run}'s. */
final class RunOptions {
    @Option(names = "--system", required = true, paramLabel = "FILE", description = "The system configuration (assay.yaml): SLIs, SLOs, injectors.")
    Path system;

    @Option(names = "--topology", paramLabel = "FILE", description = "The dependency graph (*.topology.json); default: discovered from the --system file's sources, again before each continuous experiment.")
    Path topology;

    @Option(names = "--intents", required = true, paramLabel = "DIR|FILE", description = "Intent files, or a directory searched recursively.")
    Path intents;

    @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL", description = Journals.HELP)
    String journal;

    @Option(names = "--probe", paramLabel = "JOURNEY=URL", description = "Probe a journey over HTTP; repeatable.")
    Map<String, String> probes = Map.of();

    @Option(names = "--probe-rate", defaultValue = "50", description = "Requests per second per probe (default: ${DEFAULT-VALUE}).")
    double probeRate;

    @Option(names = "--baseline", defaultValue = "30s", converter = Durations.class, description = "Baseline window (default: ${DEFAULT-VALUE}).")
    Duration baseline;

    @Option(names = "--level-duration", defaultValue = "60s", converter = Durations.class, description = "Injection time per level (default: ${DEFAULT-VALUE}).")
    Duration levelDuration;

    @Option(names = "--guard-period", defaultValue = "250ms", converter = Durations.class, description = "Guard evaluation period, <= 1s (default: ${DEFAULT-VALUE}).")
    Duration guardPeriod;

    @Option(names = "--guard-window", defaultValue = "30s", converter = Durations.class, description = "Window guards read their SLIs over (default: ${DEFAULT-VALUE}).")
    Duration guardWindow;

    @Option(names = "--max-burn-rate", defaultValue = "14.4", description = "Abort when a target journey's SLO burns faster than this (default: ${DEFAULT-VALUE}).")
    double maxBurnRate;

    @Option(names = "--lease-ttl", defaultValue = "10s", converter = Durations.class, description = "Lease TTL of every fault, 200ms to 1h (default: ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Option(names = "--threshold-search", description = "Bisect the fault's levels to find the tolerance instead of ramping.")
    boolean thresholdSearch;

    void validate() {
        if (guardPeriod.isZero() || guardPeriod.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new InvalidInputException("--guard-period must be in (0, 1s], was " + guardPeriod.toMillis() + "ms");
        }
        if (leaseTtl.compareTo(Duration.ofMillis(200)) < 0) throw new InvalidInputException("--lease-ttl must be at least 200ms");
        if (leaseTtl.compareTo(RunCommand.MAX_LEASE_TTL) > 0) {
            throw new InvalidInputException("--lease-ttl must be at most 1h, was " + leaseTtl.toSeconds() + "s: a fault whose controller dies stays in effect"
                    + " until its lease expires; use a shorter TTL (it is renewed while the controller lives)");
        }
    }
}
