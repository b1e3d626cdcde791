package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.model.AbortCondition;
import dev.assay.model.Quantity;
import dev.assay.spi.Reading;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Abort latency over 20 trials with a guard on the fault proxy's own metrics (HTTP 503s through the real
 * proxy). Not a unit test: runs only with {@code -Dassay.bench=true}; numbers go to docs/benchmarks.md.
 * Reports the abort latency as recorded (breach observed → every fault removed) and, for context, the time
 * from the fault being applied to it being removed (detection + removal).
 */
class AbortLatencyBenchmark {
    @TempDir
    Path dir;

    @Test
    void abortLatencyOverTwentyTrials() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("assay.bench"), "benchmark: run with -Dassay.bench=true");
        Duration period = Duration.ofMillis(Long.getLong("assay.bench.guardPeriodMs", 250));
        Clock clock = Clock.systemUTC();
        List<Double> abort = new ArrayList<>();
        List<Double> appliedToRemoved = new ArrayList<>();
        try (ProxyFixture fixture = ProxyFixture.start();
             HttpProbe probe = HttpProbe.start("checkout", fixture.url(), 200, Duration.ofSeconds(5), clock);
             ProxyMetricsSource metrics = ProxyMetricsSource.start(fixture.api(), Duration.ofMillis(100), clock);
             Journal journal = Journal.open(dir.resolve("bench.db"))) {
            Steady.await(probe, "checkout", 200);
            Instant[] applied = new Instant[1];
            ExperimentRunner runner = ExperimentRunner.builder().journal(journal).sli(CompositeSli.of(probe, metrics)).measurements(probe)
                    .budget(j -> new Reading.Known("budget", 0.9, 1, Instant.now())).injector(ToxiproxyInjector.create(fixture.api(), clock))
                    .settings(new RunnerSettings(Duration.ofMillis(500), Duration.ofSeconds(10), period, Duration.ofMillis(300),
                            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1)))
                    .policy(VerdictPolicy.DEFAULTS).clock(clock)
                    .listener(new ExperimentListener() {
                        @Override
                        public void faultApplied(String experimentId, dev.assay.spi.Injector.AppliedFault fault) {
                            applied[0] = clock.instant();
                        }

                        @Override
                        public void rolledBack(String experimentId, Duration abortLatency) {
                            appliedToRemoved.add(Duration.between(applied[0], clock.instant()).toNanos() / 1e6);
                        }
                    }).build();
            AbortCondition guard = new AbortCondition(ProxyFixture.PROXY + ".errors.rate", AbortCondition.Trigger.ABOVE, Quantity.ratio(0.10));
            for (int trial = 0; trial < 20; trial++) {
                Outcome o = runner.run(ProxyEndToEndTest.experiment("bench-" + trial, ProxyEndToEndTest.errors("bench", List.of(guard))));
                assertThat(o.abortLatency()).as(o.verdict().toString()).isPresent();
                abort.add(o.abortLatency().get().toNanos() / 1e6);
                assertThat(fixture.toxics()).isZero();
                Thread.sleep(1200); // let the error window drain before the next pre-flight
            }
        }
        System.out.println(summary("abort latency (breach observed -> faults removed)", abort));
        System.out.println(summary("fault applied -> faults removed (detection + removal), guard period " + period.toMillis() + " ms", appliedToRemoved));
    }

    static String summary(String what, List<Double> ms) {
        double[] v = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format(Locale.ROOT, "%s: n=%d min=%.1f p50=%.1f p90=%.1f p99=%.1f max=%.1f ms", what, v.length, v[0],
                pct(v, 0.5), pct(v, 0.9), pct(v, 0.99), v[v.length - 1]);
    }

    static double pct(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
