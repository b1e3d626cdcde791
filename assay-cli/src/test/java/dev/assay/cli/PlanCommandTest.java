package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
    static final String BOUTIQUE = "../examples/topologies/online-boutique.topology.json";
    static final String INTENTS = "../examples/intents";

    static JsonNode json(Cli r) throws Exception {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void jsonHasTheDocumentedShapeWithRunnableCandidatesBestFirst() throws Exception {
        JsonNode plan = json(Cli.run("plan", "--topology", BOUTIQUE, "--top", "5", "--format", "json"));
        JsonNode first = plan.get("candidates").get(0);
        for (String field : List.of("id", "intent", "fault", "eigBits", "expectedCost", "score", "predictedBlastRadius", "runnable", "blockedBy")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("fault").fieldNames()).toIterable().contains("type", "target", "magnitude");
        assertThat(first.get("intent").isNull()).isTrue();
        List<Double> scores = new ArrayList<>();
        for (JsonNode c : plan.get("candidates")) if (c.get("runnable").asBoolean()) scores.add(c.get("score").asDouble());
        assertThat(scores).hasSize(5).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(plan.get("stats").get("candidates").asInt()).isGreaterThan(100);
        assertThat(plan.get("stats").has("planMillis")).isTrue();
        assertThat(plan.get("redundant").isArray()).isTrue();
    }

    @Test
    void sameInputsAndSeedGiveTheSamePlan() throws Exception {
        JsonNode a = json(Cli.run("plan", "--topology", BOUTIQUE, "--intents", INTENTS, "--seed", "3", "--format", "json"));
        JsonNode b = json(Cli.run("plan", "--topology", BOUTIQUE, "--intents", INTENTS, "--seed", "3", "--format", "json"));
        ((ObjectNode) a.get("stats")).remove("planMillis");
        ((ObjectNode) b.get("stats")).remove("planMillis");
        assertThat(a).isEqualTo(b);
    }

    @Test
    void intentsAreRankedBlockedOrReportedRedundant() throws Exception {
        JsonNode plan = json(Cli.run("plan", "--topology", BOUTIQUE, "--intents", INTENTS, "--top", "200", "--format", "json"));
        List<String> seen = new ArrayList<>();
        for (JsonNode c : plan.get("candidates")) if (!c.get("intent").isNull()) seen.add(c.get("intent").asText());
        for (JsonNode r : plan.get("redundant")) {
            seen.add(r.get("intent").asText());
            assertThat(r.get("pHolds").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(seen).contains("checkout-tolerates-catalog-latency", "browse-survives-ad-outage");
    }

    @Test
    void textExplainsOneLinePerCandidate() {
        Cli r = Cli.run("plan", "--topology", BOUTIQUE, "--top", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> ranked = r.out().lines().filter(l -> l.matches("\\s*\\d+\\. .*")).toList();
        assertThat(ranked).hasSize(3).allSatisfy(l -> assertThat(l).contains("bits").contains("resolves whether").contains("degrade when"));
    }

    @Test
    void aMissingTopologyIsInvalidInput() {
        Cli r = Cli.run("plan", "--topology", "no-such.topology.json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("no-such.topology.json");
    }

    @Test
    void aMalformedIntentIsInvalidInputWithItsPosition(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.intent.yaml"), "apiVersion: assay/v1\nkind: Intent\nspec: {fault: {type: nope}}\n");
        Cli r = Cli.run("plan", "--topology", BOUTIQUE, "--intents", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("bad.intent.yaml:");
    }

    @Test
    void aTopologyOrASystemIsRequired() {
        Cli r = Cli.run("plan");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("give the system to plan on");
        assertThat(Cli.run("plan", "--topology", BOUTIQUE, "--system", "no-such-assay.yaml").exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
    }

    @Test
    void theSystemFilesSafetyBindsEveryIntentAndThePlanSaysWhereItWon(@TempDir Path dir) throws Exception {
        Path system = dir.resolve("assay.yaml");
        Files.writeString(system, """
                apiVersion: assay/v1
                kind: System
                metadata: {name: boutique}
                spec:
                  safety: {budgetFraction: 0.001, exclusionZones: [productcatalog]}
                """);
        Path intent = dir.resolve("i.intent.yaml");
        Files.copy(Path.of(getClass().getResource("run/checkout-tolerates-slow-catalog.intent.yaml").toURI()), intent);
        Cli r = Cli.run("plan", "--topology", BOUTIQUE, "--system", system.toString(), "--intents", intent.toString(), "--top", "5000");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("safety: budgetFraction 0.001 from assay.yaml (stricter than the intent's 0.01)")
                .contains("safety: exclusionZones [productcatalog] from assay.yaml")
                .containsPattern("intent:checkout-tolerates-slow-catalog\\s+blocked: exclusion-zone: productcatalog is an exclusion zone");
        JsonNode plan = json(Cli.run("plan", "--topology", BOUTIQUE, "--system", system.toString(), "--top", "5000", "--format", "json"));
        for (JsonNode c : plan.get("candidates")) {
            if (c.get("fault").get("target").asText().equals("productcatalog")) assertThat(c.get("runnable").asBoolean()).isFalse();
        }
    }

    @Test
    void plansOnTheSystemDiscoveredFromTheTraceSourcesOfASystemConfiguration(@TempDir Path dir) throws Exception {
        Path traces = GraphDiscoveryCommandTest.otlpFile(dir, "t.jsonl", GraphDiscoveryCommandTest.SOCK, java.util.Map.of());
        Path system = dir.resolve("assay.yaml");
        Files.writeString(system, """
                apiVersion: assay/v1
                kind: System
                metadata: {name: sock-shop}
                spec:
                  telemetry:
                    - {kind: otlp-file, path: "%s"}
                """.formatted(traces.toString().replace("\\", "/")));
        JsonNode plan = json(Cli.run("plan", "--system", system.toString(), "--top", "5000", "--format", "json"));
        List<String> targets = new ArrayList<>();
        for (JsonNode c : plan.get("candidates")) targets.add(c.get("fault").get("target").asText());
        assertThat(targets).contains("orders-db", "carts");
    }

    @Test
    void aSystemConfigurationWithoutTraceSourcesIsInvalidInput(@TempDir Path dir) throws Exception {
        Path system = dir.resolve("assay.yaml");
        Files.writeString(system, "apiVersion: assay/v1\nkind: System\nmetadata: {name: x}\nspec: {}\n");
        Cli r = Cli.run("plan", "--system", system.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("no trace source");
    }

    @Test
    void faultsOnAJourneysOwnEntryServiceDoNotFillTheTopOfThePlan() throws Exception {
        JsonNode plan = json(Cli.run("plan", "--topology", BOUTIQUE, "--top", "8", "--format", "json", "--journal", "no-such-journal.db"));
        List<String> targets = new ArrayList<>();
        for (JsonNode c : plan.get("candidates")) if (c.get("runnable").asBoolean()) targets.add(c.get("fault").get("target").asText());
        assertThat(targets).hasSize(8).doesNotContain("frontend");
    }

    @Test
    void thePlanUsesTheBeliefsTheJournalsExperimentsLeft(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var topology = dev.assay.format.TopologyFormat.read(java.nio.file.Path.of(BOUTIQUE));
        var learner = dev.assay.runner.BeliefLearner.of(dev.assay.belief.Belief.create(topology), java.time.Clock.systemUTC());
        java.nio.file.Path db = dir.resolve("journal.db");
        try (var j = dev.assay.journal.Journal.open(db)) {
            var b = learner.snapshot();
            for (int i = 0; i < 20; i++) { // productcatalog unavailability learned: every caller degrades at every level
                b.update(new dev.assay.belief.Observation(dev.assay.model.FaultClass.UNAVAILABILITY, "productcatalog", 0,
                        java.util.Map.of("frontend", true, "checkout", true, "recommendation", true), java.util.Map.of(), java.time.Instant.now()));
            }
            j.recordBeliefs("x", dev.assay.runner.BeliefLearner.of(b, java.time.Clock.systemUTC()).snapshotJson(), java.time.Instant.now());
        }
        Cli withJournal = Cli.run("plan", "--topology", BOUTIQUE, "--top", "200", "--format", "json", "--journal", db.toString());
        assertThat(withJournal.err()).contains("planning on the beliefs in " + db);
        JsonNode learned = json(withJournal);
        JsonNode fresh = json(Cli.run("plan", "--topology", BOUTIQUE, "--top", "200", "--format", "json", "--journal", dir.resolve("none.db").toString()));
        assertThat(eig(learned, "unavailable:productcatalog@2.3%-unavailable")).as("what the journal learned changes what a test would teach")
                .isNotCloseTo(eig(fresh, "unavailable:productcatalog@2.3%-unavailable"), org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void thePlanExplainsEdgesWithTheMechanismsTheJournalsMeasurementsTaught(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var topology = dev.assay.format.TopologyFormat.read(java.nio.file.Path.of(BOUTIQUE));
        var learner = dev.assay.runner.BeliefLearner.of(dev.assay.belief.Belief.create(topology), java.time.Clock.systemUTC());
        var fault = new dev.assay.model.Fault(dev.assay.model.FaultType.LATENCY, "productcatalog",
                List.of(dev.assay.model.Magnitude.of("delayMs", 2000)), dev.assay.model.Scope.ALL);
        var intent = new dev.assay.model.Intent("checkout-tolerates-slow-catalog", java.util.Optional.empty(), "checkout", "h", fault,
                List.of(), java.util.Optional.empty(), java.util.Optional.empty(), dev.assay.model.Safety.NONE);
        var base = new dev.assay.verdict.SliWindows.Window(0, 2000, java.util.OptionalDouble.of(20), java.util.OptionalDouble.of(40));
        var failedAt250 = new dev.assay.verdict.SliWindows.Window(1, 2000, java.util.OptionalDouble.of(270), java.util.OptionalDouble.of(290));
        java.time.Instant t0 = java.time.Instant.parse("2026-12-02T06:00:00Z");
        var outcome = new dev.assay.verdict.Outcome("x1", intent.id(), new dev.assay.verdict.Verdict.Inconclusive("measured", List.of()),
                java.util.Optional.empty(), java.util.Optional.empty(), List.of(), List.of(), List.of(), 0, 0, 0, t0, t0.plusSeconds(30),
                List.of(new dev.assay.verdict.SliWindows("checkout", false, base, failedAt250)));
        learner.update(dev.assay.runner.Experiment.of("x1", intent), outcome, java.util.Optional.empty());
        java.nio.file.Path db = dir.resolve("journal.db");
        try (var j = dev.assay.journal.Journal.open(db)) {
            j.recordBeliefs("x1", learner.snapshotJson(), t0);
        }
        JsonNode plan = json(Cli.run("plan", "--topology", BOUTIQUE, "--top", "200", "--format", "json", "--journal", db.toString()));
        String learned = null;
        for (JsonNode c : plan.get("candidates")) {
            for (JsonNode m : c.get("mechanisms")) if (m.get("edge").asText().equals("checkout->productcatalog")) learned = m.get("text").asText();
        }
        assertThat(learned).as("2 s of latency became errors at checkout after ~250 ms: a 250 ms timeout, no retries")
                .contains("no retries, timeout 250 ms").doesNotContain("untested");
    }

    private static double eig(JsonNode plan, String id) {
        for (JsonNode c : plan.get("candidates")) if (c.get("id").asText().equals(id)) return c.get("eigBits").asDouble();
        throw new AssertionError("no candidate " + id + " in " + plan);
    }
}
