package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.model.AbortCondition;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import dev.assay.spi.Reading;
import dev.assay.testkit.LeaseExpiries;
import dev.assay.verdict.Evidence;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import dev.assay.verdict.VerdictPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end through the real fault proxy's REST API: a real HTTP service, the real proxy, real HTTP traffic. */
class ProxyEndToEndTest {
    static final RunnerSettings FAST = new RunnerSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMillis(50),
            Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private ProxyFixture fixture;
    private HttpProbe probe;
    private Journal journal;
    private ProxyMetricsSource proxyMetrics;

    @BeforeEach
    void start() throws Exception {
        fixture = ProxyFixture.start();
        probe = HttpProbe.start("checkout", fixture.url(), 200, Duration.ofSeconds(5), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        proxyMetrics = ProxyMetricsSource.start(fixture.api(), Duration.ofMillis(100), clock);
        Steady.await(probe, "checkout", 100);
    }

    @AfterEach
    void stop() {
        probe.close();
        proxyMetrics.close();
        journal.close();
        fixture.close();
    }

    ExperimentRunner runner() {
        return runnerBuilder().build();
    }

    /** The runner on the real proxy, its probe and its metrics, with the fast settings. */
    ExperimentRunner.Builder runnerBuilder() {
        return ExperimentRunner.builder().journal(journal).sli(CompositeSli.of(probe, proxyMetrics))
                .measurements(probe).budget(j -> new Reading.Known("budget", 0.9, 1, Instant.now()))
                .injector(ToxiproxyInjector.create(fixture.api(), clock)).clock(clock).settings(FAST)
                .policy(new VerdictPolicy(0.95, 500, 11, 30, 5));
    }

    static Intent latency(String id, long delayMs, double percent, double p95BelowMs, List<AbortCondition> abortWhen) {
        return new Intent(id, Optional.empty(), "checkout", "checkout stays fast when its edge is slow",
                new Fault(FaultType.LATENCY, ProxyFixture.PROXY, List.of(Magnitude.of("delayMs", delayMs)), Scope.percent(percent)),
                List.of(new Expectation("checkout.latency.p95", Expectation.Comparison.BELOW, Quantity.millis(p95BelowMs))),
                Optional.empty(), Optional.empty(), new Safety(0.05, List.of(), abortWhen, Duration.ZERO, Duration.ofMinutes(1)));
    }

    static Intent errors(String id, List<AbortCondition> abortWhen) {
        return new Intent(id, Optional.empty(), "checkout", "checkout survives a failing edge",
                new Fault(FaultType.ERROR, ProxyFixture.PROXY, List.of(Magnitude.of("status", 503)), Scope.ALL),
                List.of(new Expectation("checkout.errors.rate", Expectation.Comparison.BELOW, Quantity.ratio(0.01))),
                Optional.empty(), Optional.empty(), new Safety(0.05, List.of(), abortWhen, Duration.ZERO, Duration.ofMinutes(1)));
    }

    static Experiment experiment(String id, Intent intent) {
        return new Experiment(id, intent, List.of(ProxyFixture.PROXY), 0.01, Experiment.Mode.SINGLE, List.of(), Set.of(), Map.of());
    }

    @Test
    void theOutcomeRecordsEveryWatchedServicesSliWindowsAndTheMechanismBeliefLearnsFromThem() {
        BeliefLearner learner = checkoutLearner();
        ExperimentRunner runner = learningRunner(learner);
        Experiment x = new Experiment("measured", latency("checkout-tolerates-300ms", 300, 100, 1000, List.of()), List.of(), 0.01,
                Experiment.Mode.SINGLE, List.of(), Set.of(), Map.of("checkout", List.of("checkout.errors.rate")));
        Outcome o = runner.run(x);

        dev.assay.verdict.SliWindows checkout = o.measured().stream().filter(w -> w.name().equals("checkout")).findFirst().orElseThrow();
        assertThat(checkout.journey()).isFalse();
        assertThat(checkout.baseline().requests()).isGreaterThan(50);
        assertThat(checkout.fault().requests()).isGreaterThan(20);
        assertThat(checkout.baseline().p99Ms()).as("measured, whatever a loaded machine makes of it").isPresent();
        assertThat(checkout.fault().p50Ms().orElseThrow()).as("the delay was really applied").isGreaterThan(290);
        assertThat(checkout.fault().errorRate()).isLessThan(0.05);
        assertThat(journal.outcome("measured").orElseThrow().measured()).isEqualTo(o.measured());
        // +300 ms on every call reached checkout as +300 ms, no errors: no timeout below 300 ms on the edge
        dev.assay.belief.EdgeExplanation why = learner.explanations().stream().filter(e -> e.callee().equals(ProxyFixture.PROXY)).findFirst()
                .orElseThrow();
        assertThat(why.inputsSeen()).isEqualTo(1);
        assertThat(why.mechanism().timeoutMs().orElse(Long.MAX_VALUE)).as(why.text()).isGreaterThan(300);
        assertThat(why.probability()).as(why.text() + " (one experiment; its p99 is noisy on a loaded machine)").isGreaterThan(0.5);
        // what the journal keeps restores the same explanation
        BeliefLearner restored = BeliefLearner.restore(journal.latestBeliefs().orElseThrow(), clock).orElseThrow();
        assertThat(restored.explanations()).isEqualTo(learner.explanations());
        assertThat(fixture.toxics()).isZero();
    }

    @Test
    void theMechanismBeliefLearnsFromEveryLevelOfARamp() {
        BeliefLearner learner = checkoutLearner();
        Intent ramp = new Intent("checkout-tolerates-a-latency-ramp", Optional.empty(), "checkout", "checkout stays up while its edge slows",
                new Fault(FaultType.LATENCY, ProxyFixture.PROXY, List.of(Magnitude.of("delayMs", 100), Magnitude.of("delayMs", 200)), Scope.ALL),
                List.of(new Expectation("checkout.latency.p95", Expectation.Comparison.BELOW, Quantity.millis(5000))),
                Optional.empty(), Optional.empty(), new Safety(0.05, List.of(), List.of(), Duration.ZERO, Duration.ofMinutes(1)));
        Experiment x = new Experiment("ramped", ramp, List.of(), 0.01, Experiment.Mode.of(ramp, false), List.of(), Set.of(),
                Map.of("checkout", List.of("checkout.errors.rate")));
        Outcome o = learningRunner(learner).run(x);

        assertThat(o.verdict()).as(o.verdict().toString()).isInstanceOf(Verdict.Supported.class);
        dev.assay.belief.EdgeExplanation why = learner.explanations().stream().filter(e -> e.callee().equals(ProxyFixture.PROXY)).findFirst()
                .orElseThrow();
        assertThat(why.inputsSeen()).as("both levels taught the edge's mechanism, not only the one the ramp ended at").isEqualTo(2);
        assertThat(o.measured()).as("the outcome keeps the level it ended at").anySatisfy(w ->
                assertThat(w.fault().p50Ms().orElseThrow()).isGreaterThan(190));
        assertThat(fixture.toxics()).isZero();
    }

    private BeliefLearner checkoutLearner() {
        dev.assay.model.Topology topology = new dev.assay.model.Topology("t", List.of(
                new dev.assay.model.Service("checkout", dev.assay.model.ServiceKind.SERVICE),
                new dev.assay.model.Service(ProxyFixture.PROXY, dev.assay.model.ServiceKind.SERVICE)),
                List.of(dev.assay.model.Edge.of("checkout", ProxyFixture.PROXY)), List.of());
        return BeliefLearner.of(dev.assay.belief.Belief.create(topology), clock);
    }

    private ExperimentRunner learningRunner(BeliefLearner learner) {
        return runnerBuilder().beliefs(learner).build();
    }

    @Test
    void aToleratedLatencyIsSupported() {
        // p95 below 2 s: far above 30 ms, so a loaded machine's own latency (p95 663 ms seen at load 36) does not refute it
        Outcome o = runner().run(experiment("tolerated", latency("checkout-tolerates-30ms", 30, 100, 2000, List.of())));
        assertThat(o.verdict()).as(o.verdict().toString()).isInstanceOf(Verdict.Supported.class);
        Evidence e = o.verdict().evidence().get(0);
        assertThat(e.during()).as("the delay was really applied").isGreaterThan(30);
        assertThat(e.reference()).isEqualTo(Evidence.Reference.BASELINE_WINDOW);
        assertThat(fixture.toxics()).isZero();
    }

    @Test
    void aFaultOnEveryRequestIsJudgedAgainstTheBaselineWhateverStraysIntoAControlCohort() {
        // a request in flight as the toxic went on is answered "control": at 100% that is a straggler, not a cohort
        MeasurementSource straggler = new MeasurementSource() {
            @Override
            public Optional<dev.assay.verdict.Measurement> measure(String sli, Instant from, Instant to) {
                return probe.measure(sli, from, to);
            }

            @Override
            public Optional<Cohorts> cohorts(String sli, Instant from, Instant to) {
                return probe.measure(sli, from, to).map(f -> new Cohorts(new dev.assay.verdict.Measurement.Latencies(new double[] {4}), f));
            }
        };
        ExperimentRunner runner = runnerBuilder().measurements(straggler).build();

        Outcome o = runner.run(experiment("straggler", latency("checkout-tolerates-30ms-everywhere", 30, 100, 2000, List.of())));

        assertThat(o.verdict()).as(o.verdict().toString()).isInstanceOf(Verdict.Supported.class);
        assertThat(o.verdict().evidence().get(0).reference()).isEqualTo(Evidence.Reference.BASELINE_WINDOW);
    }

    @Test
    void anUntoleratedLatencyIsRefutedAgainstTheControlCohort() {
        Outcome o = runner().run(experiment("untolerated", latency("checkout-tolerates-600ms", 600, 50, 300, List.of())));
        assertThat(o.verdict()).as(o.verdict().toString()).isInstanceOf(Verdict.Refuted.class);
        Evidence e = o.verdict().evidence().get(0);
        assertThat(e.reference()).isEqualTo(Evidence.Reference.CONTROL_COHORT);
        assertThat(e.baseline()).as("control cohort p95").isLessThan(300);
        assertThat(e.interval().orElseThrow().low()).isGreaterThan(300);
        assertThat(e.duringSamples()).isGreaterThan(100);
        assertThat(fixture.toxics()).isZero();
    }

    @Test
    void aGuardOnTheProxysOwnMetricsAbortsAndTheFaultIsGone() {
        AbortCondition edgeErrors = new AbortCondition(ProxyFixture.PROXY + ".errors.rate", AbortCondition.Trigger.ABOVE, Quantity.ratio(0.10));
        Outcome o = runner().run(experiment("tripped", errors("checkout-survives-503s", List.of(edgeErrors))));
        assertThat(o.verdict()).isInstanceOf(Verdict.Aborted.class);
        assertThat(o.abortReason().orElseThrow()).contains("shop-edge.errors.rate").contains("breached");
        // recorded, breach → removal; the number itself is AbortLatencyBenchmark's (docs/benchmarks.md), not a loaded CI machine's
        assertThat(o.abortLatency().orElseThrow()).isPositive().isLessThan(Duration.ofSeconds(10));
        assertThat(fixture.toxics()).isZero();
        assertThat(journal.outcome("tripped").orElseThrow().abortLatency()).isEqualTo(o.abortLatency());
    }

    @Test
    void aHungRunnerStopsRenewingAndTheProxyRemovesTheFault() throws Exception {
        ToxiproxyInjector injector = ToxiproxyInjector.create(fixture.api(), clock);
        journal.startExperiment("hung", "i", List.of(), clock.instant());
        // 2 s: the heartbeat renews while the runner showed it is alive within TTL/2 (1 s), a margin a loaded machine keeps
        Duration ttl = Duration.ofSeconds(2);
        try (LeaseExpiries expiries = LeaseExpiries.record();
             FaultSet faults = new FaultSet("hung", journal, clock, ttl, Map.of(FaultType.LATENCY, injector), ExperimentListener.NONE)) {
            faults.apply(latency("i", 10, 100, 100, List.of()).fault(), Magnitude.of("delayMs", 10));
            String lease = fixture.proxy.proxy(ProxyFixture.PROXY).orElseThrow().toxics().get(0).lease().orElseThrow();
            Instant applied = clock.instant();
            while (Duration.between(applied, clock.instant()).compareTo(ttl.multipliedBy(3).dividedBy(2)) < 0) {
                faults.alive();
                Thread.sleep(100);
            }
            assertThat(fixture.toxics()).as("renewed while the runner is alive (3 s > the 2 s TTL)").isEqualTo(1);
            assertThat(expiries.all()).as("no expiry while the runner was alive").extracting(LeaseExpiries.Expiry::lease).doesNotContain(lease);
            Instant hung = clock.instant(); // the last alive() was before this
            LeaseExpiries.Expiry e = expiries.await(lease, dev.assay.testkit.ChildJvms.GENEROUS);
            assertThat(fixture.toxics()).isZero();
            assertThat(e.faults()).singleElement().asString().startsWith(ProxyFixture.PROXY + "/");
            assertThat(Duration.between(hung, e.expiresAt())).as("lease end (proxy clock) after the runner hung: the heartbeat's TTL/2 grace + "
                    + "one TTL, plus a renewal still in flight on a loaded machine").isLessThanOrEqualTo(ttl.dividedBy(2).plus(ttl).plusSeconds(3));
        }
    }
    @Test
    void anExclusionZoneOfARunningExperimentProtectsItsServiceFromEveryOtherExperiment() throws Exception {
        int paymentPort = dev.assay.testkit.FreePorts.next();
        fixture.proxy.createProxy(new dev.assay.proxy.ProxySpec("payment", "127.0.0.1:" + paymentPort,
                "127.0.0.1:" + fixture.upstream.getAddress().getPort(), true, dev.assay.proxy.ProxySpec.Mode.HTTP));
        RunnerSettings longLevel = new RunnerSettings(Duration.ofMillis(500), Duration.ofSeconds(120), Duration.ofMillis(50),
                Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(1));
        java.util.concurrent.atomic.AtomicInteger paymentFaults = new java.util.concurrent.atomic.AtomicInteger();
        ExperimentRunner runner = ExperimentRunner.builder().journal(journal).sli(CompositeSli.of(probe, proxyMetrics))
                .measurements(probe).budget(j -> new Reading.Known("budget", 0.9, 1, Instant.now()))
                .injector(ToxiproxyInjector.create(fixture.api(), clock)).clock(clock).settings(longLevel)
                .listener(new ExperimentListener() {
                    @Override
                    public void faultApplied(String experimentId, dev.assay.spi.Injector.AppliedFault fault) {
                        if (fault.fault().target().equals("payment")) paymentFaults.incrementAndGet();
                    }
                }).build();
        Intent guarded = latency("checkout-tolerates-slow-edge", 5, 100, 2000, List.of());
        Intent protecting = new Intent(guarded.id(), guarded.owner(), guarded.targetBehavior(), guarded.hypothesis(), guarded.fault(), guarded.expect(),
                guarded.mechanism(), guarded.blastRadius(), new Safety(0.05, List.of("payment"), List.of(), Duration.ZERO, Duration.ofMinutes(5)));
        Intent onPayment = new Intent("payment-tolerates-latency", Optional.empty(), "checkout", "h",
                new Fault(FaultType.LATENCY, "payment", List.of(Magnitude.of("delayMs", 5)), Scope.ALL), guarded.expect(),
                Optional.empty(), Optional.empty(), new Safety(0.05, List.of(), List.of(), Duration.ZERO, Duration.ofMinutes(1)));
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var first = pool.submit(() -> runner.run(experiment("protecting", protecting)));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (fixture.toxics() == 0 && !first.isDone() && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(fixture.toxics()).as("the first experiment is injecting").isEqualTo(1);

            Outcome second = runner.run(new Experiment("on-payment", onPayment, List.of("payment"), 0.01, Experiment.Mode.SINGLE,
                    List.of(), Set.of(), Map.of()));
            assertThat(second.verdict()).isInstanceOf(Verdict.Aborted.class);
            assertThat(second.abortReason().orElseThrow()).contains("pre-flight refused")
                    .contains("the fault targets payment, an exclusion zone of experiment protecting, which is running");
            assertThat(paymentFaults.get()).as("nothing injected on payment").isZero();
            assertThat(fixture.proxy.proxy("payment").orElseThrow().toxics()).isEmpty();
            runner.stop();
            assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS).abortReason().orElseThrow()).contains("stopped by the operator");
        }
        assertThat(fixture.toxics()).isZero();
    }
}
