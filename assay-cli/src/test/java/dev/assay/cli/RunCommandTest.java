package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay run} against the real fault proxy, with Prometheus unreachable (nothing listens on its port). */
class RunCommandTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final String TOPOLOGY = ROOT.resolve("examples/topologies/online-boutique.topology.json").toString();
    static final String INTENT = ROOT.resolve("examples/intents/checkout-tolerates-catalog-latency.intent.yaml").toString();

    @TempDir
    Path dir;

    FaultProxy proxy;
    Path system;

    @BeforeEach
    void start() throws Exception {
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        proxy.createProxy(new ProxySpec("productcatalog", "127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next(), true, ProxySpec.Mode.HTTP));
        system = dir.resolve("assay.yaml");
        Files.writeString(system, """
                apiVersion: assay/v1
                kind: System
                metadata: {name: boutique}
                spec:
                  telemetry:
                    - kind: prometheus
                      url: http://127.0.0.1:%d
                  slis:
                    - name: checkout.errors.rate
                      prometheus: sum(rate(errors[$window])) / sum(rate(requests[$window]))
                  slos:
                    - {name: checkout-availability, sli: checkout.errors.rate, objective: 99.9%%, window: 30d}
                  injectors:
                    - type: proxy
                      url: http://127.0.0.1:%d
                """.formatted(FreePorts.next(), proxy.apiAddress().getPort()));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    @Test
    void withPrometheusUnreachableThePreflightRefusesAndNothingIsInjected() {
        Path journal = dir.resolve("journal.db");
        Cli cli = Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--yes", "--journal",
                journal.toString(), "--baseline", "1s", "--level-duration", "2s");
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(4);
        assertThat(cli.out()).contains("ABORTED").contains("pre-flight refused").contains("source unknown");
        assertThat(proxy.proxy("productcatalog").orElseThrow().toxics()).isEmpty();
        try (Journal j = Journal.open(journal)) {
            String id = j.outcomes().get(0).experimentId();
            assertThat(j.transitions(id)).extracting(Journal.Transition::state).containsExactly("PLANNED", "PREFLIGHT", "ABORTED");
            assertThat(j.unfinished()).isEmpty();
        }
    }

    @Test
    void aDryRunShowsTheNextExperimentAndTouchesNothing() {
        Path journal = dir.resolve("journal.db");
        Cli cli = Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--dry-run", "--journal", journal.toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("dry run").contains("checkout-tolerates-catalog-latency");
        assertThat(journal).doesNotExist();
    }

    @Test
    void aDryRunRanksOnWhatTheJournalsMeasurementsTaughtTheMechanismBelief() throws Exception {
        var topology = dev.assay.format.TopologyFormat.read(Path.of(TOPOLOGY));
        var learner = dev.assay.runner.BeliefLearner.of(dev.assay.belief.Belief.create(topology), java.time.Clock.systemUTC());
        var fault = new dev.assay.model.Fault(dev.assay.model.FaultType.LATENCY, "productcatalog",
                java.util.List.of(dev.assay.model.Magnitude.of("delayMs", 2000)), dev.assay.model.Scope.ALL);
        var intent = new dev.assay.model.Intent("checkout-tolerates-slow-catalog", java.util.Optional.empty(), "checkout", "h", fault,
                java.util.List.of(), java.util.Optional.empty(), java.util.Optional.empty(), dev.assay.model.Safety.NONE);
        var base = new dev.assay.verdict.SliWindows.Window(0, 2000, java.util.OptionalDouble.of(20), java.util.OptionalDouble.of(40));
        var failedAt250 = new dev.assay.verdict.SliWindows.Window(1, 2000, java.util.OptionalDouble.of(270), java.util.OptionalDouble.of(290));
        java.time.Instant t0 = java.time.Instant.parse("2026-12-02T06:00:00Z");
        // INCONCLUSIVE: the tolerance belief learns nothing from it, only the mechanism belief does (checkout's measurements)
        var outcome = new dev.assay.verdict.Outcome("x1", intent.id(), new dev.assay.verdict.Verdict.Inconclusive("measured", java.util.List.of()),
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.List.of(), java.util.List.of(), java.util.List.of(), 0, 0, 0, t0,
                t0.plusSeconds(30), java.util.List.of(new dev.assay.verdict.SliWindows("checkout", false, base, failedAt250)));
        Path before = dir.resolve("before.db");
        try (Journal j = Journal.open(before)) {
            j.recordBeliefs("x0", learner.snapshotJson(), t0);
        }
        learner.update(dev.assay.runner.Experiment.of("x1", intent), outcome, java.util.Optional.empty());
        Path learned = dir.resolve("learned.db");
        try (Journal j = Journal.open(learned)) {
            j.recordBeliefs("x1", learner.snapshotJson(), t0);
        }
        double withJournal = bits(Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--dry-run",
                "--journal", learned.toString()));
        double fresh = bits(Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--dry-run",
                "--journal", before.toString()));
        assertThat(withJournal).as("the dry run plans on the mechanism belief the journal's measurements taught, as the run does")
                .isNotCloseTo(fresh, org.assertj.core.data.Offset.offset(0.01));
    }

    private static double bits(Cli cli) {
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        var m = java.util.regex.Pattern.compile("would run checkout-tolerates-catalog-latency: .*?, ([0-9.]+) bits expected").matcher(cli.out());
        assertThat(m.find()).as(cli.out()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aDryRunLengthensTheWindowsToGetEnoughSamplesAtTheProbedRate() {
        // p99 needs 500 samples: at 50 req/s with 10% of requests faulted, each level must last 100 s (the default is 60 s)
        Cli cli = Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--dry-run",
                "--probe", "checkout=http://127.0.0.1:1/", "--probe-rate", "50", "--journal", dir.resolve("j.db").toString());
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("checkout.latency.p99 needs 500 samples: 50.0 req/s observed -> baseline 10s, each level 100s")
                .contains("windows lengthened for enough samples: baseline 30s -> 30s, each level 60s -> 100s")
                .contains("would run checkout-tolerates-catalog-latency");
    }

    @Test
    void anIntentThatCannotGetEnoughSamplesWithinMaxDurationIsRefusedBeforeInjecting() {
        Cli cli = Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--yes",
                "--probe", "checkout=http://127.0.0.1:1/", "--probe-rate", "2", "--journal", dir.resolve("j.db").toString());
        assertThat(cli.exitCode()).as(cli.out()).isEqualTo(ExitCode.ABORTED);
        assertThat(cli.err()).contains("refused before injecting checkout-tolerates-catalog-latency: needs 2750s (baseline 250s + 1 level x 2500s)")
                .contains("more than maxDuration 20m");
        assertThat(proxy.proxy("productcatalog").orElseThrow().toxics()).isEmpty();
        assertThat(dir.resolve("j.db")).doesNotExist();
    }

    @Test
    void badFlagsAreInvalidInput() {
        assertThat(Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--max-experiments", "0").exitCode()).isEqualTo(2);
        assertThat(Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--budget-fraction", "2").exitCode()).isEqualTo(2);
        assertThat(Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--guard-period", "2s").exitCode()).isEqualTo(2);
        assertThat(Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", dir.resolve("none").toString()).exitCode()).isEqualTo(2);
    }

    @Test
    void theLeaseTtlIsCappedAtOneHour() {
        Cli r = Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--lease-ttl", "2h",
                "--journal", dir.resolve("journal.db").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("--lease-ttl must be at most 1h, was 7200s").doesNotContain("Exception");
        assertThat(Cli.run("run", "--system", system.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--lease-ttl", "1h", "--dry-run",
                "--journal", dir.resolve("journal.db").toString()).exitCode()).isZero();
    }

    @Test
    void onKubernetesALeaseThatCannotOutlastALevelIsRefusedBeforeAnythingStarts() throws Exception {
        Path k8s = Files.writeString(dir.resolve("k8s.yaml"), Files.readString(system).replace("""
                    - type: proxy
                """, """
                    - type: kubernetes
                      namespaces: [shop]
                    - type: proxy
                """));
        Cli r = Cli.run("run", "--system", k8s.toString(), "--topology", TOPOLOGY, "--intents", INTENT, "--yes",
                "--lease-ttl", "10s", "--level-duration", "60s", "--journal", dir.resolve("journal.db").toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("a Chaos Mesh object cannot be renewed", "--lease-ttl 75s").doesNotContain("Exception");
        assertThat(Files.exists(dir.resolve("journal.db"))).as("nothing started").isFalse();
    }
}
