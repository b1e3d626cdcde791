package dev.assay.cli;

import dev.assay.model.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The experiment options of {@code assay run} and {@code assay serve}: one definition of each, with its default and limits. */
final class RunOptions {
    /** The longest lease a fault may have: what a crashed runner's fault can outlive it by at most. */
    static final Duration MAX_LEASE_TTL = Duration.ofHours(1);

    @Option(names = "--system", paramLabel = "FILE", description = "The system configuration (assay.yaml): SLIs, SLOs, injectors, schedule (required without --server).")
    Path system;

    @Option(names = "--topology", paramLabel = "FILE", description = "The dependency graph (*.topology.json); default: discovered now from the --system file's sources (serve: again before each continuous experiment).")
    Path topology;

    @Option(names = "--intents", paramLabel = "DIR|FILE", description = "Intent files, or a directory searched recursively (required without --server).")
    Path intents;

    @Option(names = "--journal", defaultValue = Journals.DEFAULT, paramLabel = "PATH|URL", description = Journals.HELP)
    String journal;

    @Option(names = "--probe", paramLabel = "JOURNEY=URL", description = "Probe a journey over HTTP (raw latencies and cohorts for verdicts); repeatable.")
    Map<String, String> probes = Map.of();

    @Option(names = "--probe-rate", defaultValue = "50", description = "Requests per second per probe (default: ${DEFAULT-VALUE}).")
    double probeRate;

    @Option(names = "--baseline", defaultValue = "30s", converter = Durations.class, description = "Baseline window (default: ${DEFAULT-VALUE}).")
    Duration baseline;

    @Option(names = "--level-duration", defaultValue = "60s", converter = Durations.class, description = "Injection time per level (default: ${DEFAULT-VALUE}).")
    Duration levelDuration;

    @Option(names = "--guard-period", defaultValue = "250ms", converter = Durations.class, description = "Guard evaluation period, <= 1s (default: ${DEFAULT-VALUE}).")
    Duration guardPeriod;

    @Option(names = "--guard-window", defaultValue = "30s", converter = Durations.class,
            description = "Window guards read their SLIs over; keep it several scrape intervals long (default: ${DEFAULT-VALUE}).")
    Duration guardWindow;

    @Option(names = "--max-burn-rate", defaultValue = "14.4", description = "Abort when an SLO of the target journey burns its error budget "
            + "faster than this many times the sustainable rate over the guard window (default: ${DEFAULT-VALUE}).")
    double maxBurnRate;

    @Option(names = "--lease-ttl", defaultValue = "10s", converter = Durations.class, description = "Lease TTL of every fault, 200ms to 1h (default: ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Option(names = "--threshold-search", description = "Bisect the fault's levels to find the tolerance instead of ramping.")
    boolean thresholdSearch;

    /** {@code --system} and {@code --intents}, which every command but one acting through {@code --server} needs. */
    void requireSystemAndIntents(String command) {
        if (system == null || intents == null) {
            throw new InvalidInputException(command + " needs --system assay.yaml and --intents DIR" + (command.equals("run")
                    ? " (or --server URL to run through `assay serve`)" : ""));
        }
    }

    void validate() {
        if (guardPeriod.isZero() || guardPeriod.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new InvalidInputException("--guard-period must be in (0, 1s], was " + guardPeriod.toMillis() + "ms");
        }
        if (leaseTtl.compareTo(Duration.ofMillis(200)) < 0) throw new InvalidInputException("--lease-ttl must be at least 200ms");
        if (leaseTtl.compareTo(MAX_LEASE_TTL) > 0) {
            throw new InvalidInputException("--lease-ttl must be at most 1h, was " + leaseTtl.toSeconds() + "s: a fault whose runner dies stays in effect"
                    + " until its lease expires; use a shorter TTL (it is renewed while the runner lives)");
        }
    }
}
