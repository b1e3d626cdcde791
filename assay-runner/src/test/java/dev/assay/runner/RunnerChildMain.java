package dev.assay.runner;

import dev.assay.journal.Journal;
import dev.assay.spi.Reading;
import dev.assay.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Child process for {@link CrashRecoveryTest}: runs one long experiment pausing the service with PID args[1]
 * under a 1 s lease, prints "injecting" when the fault is applied, and is then SIGKILLed by the test. Also the
 * first controller of {@link TwoControllersTest} (journal args[0] a PostgreSQL URL, experiment id args[4]).
 */
public final class RunnerChildMain {
    /** 2 s: the heartbeat renews while the guard loop showed life within TTL/2 (1 s), a margin a loaded machine keeps. */
    static final Duration LEASE_TTL = Duration.ofSeconds(2);

    public static void main(String[] args) {
        String journalFile = args[0]; // a SQLite path or a postgresql:// URL
        long pid = Long.parseLong(args[1]);
        Path leases = Path.of(args[2]);
        String url = args[3];
        Clock clock = Clock.systemUTC();
        Journal journal = Journal.open(journalFile);
        HttpProbe probe = HttpProbe.start("shop", java.net.URI.create(url), 50, Duration.ofSeconds(60), clock);
        ExperimentRunner runner = ExperimentRunner.builder().journal(journal).sli(probe).measurements(probe)
                .budget(j -> new Reading.Known("budget", 0.9, 1, Instant.now()))
                .injector(ProcessInjector.create(Map.of("shop", "pid:" + pid), leases, clock))
                .settings(new RunnerSettings(Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(1),
                        LEASE_TTL, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .policy(VerdictPolicy.DEFAULTS)
                .listener(new ExperimentListener() {
                    @Override
                    public void faultApplied(String experimentId, dev.assay.spi.Injector.AppliedFault fault) {
                        System.out.println("injecting " + experimentId);
                        System.out.flush();
                    }
                }).build();
        try {
            Thread.sleep(1200);
        } catch (InterruptedException e) {
            return;
        }
        runner.run(new Experiment(args.length > 4 ? args[4] : "killed-mid-injection", Intents.pauseShop("shop-survives-pause", Intents.pause(60_000), 1000, List.of()),
                List.of("shop"), 0.01, Experiment.Mode.SINGLE, List.of(), Set.of(), Map.of()));
    }
}
