package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.BeliefViews;
import dev.assay.belief.ChaosScale;
import dev.assay.model.FaultClass;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Edge;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BeliefLearnerTest {
    private final Clock clock = Clock.systemUTC();

    private static Topology shop() {
        return new Topology("shop", List.of(new Service("frontend", ServiceKind.SERVICE), new Service("inventory", ServiceKind.SERVICE)),
                List.of(Edge.of("frontend", "inventory")), List.of());
    }

    @Test
    void aRefutedOutcomeTeachesBitsAndTheSnapshotRestores() {
        Belief belief = Belief.create(shop());
        BeliefLearner learner = BeliefLearner.of(belief, clock);
        var intent = Intents.pauseShop("frontend-tolerates-slow-inventory", Intents.pause(500), 400, List.of());
        var fault = Fault.of(FaultType.LATENCY, "inventory", Magnitude.of("delayMs", 2000));
        var i2 = new dev.assay.model.Intent(intent.id(), Optional.empty(), "frontend", "h", fault, intent.expect(), Optional.empty(),
                Optional.empty(), intent.safety());
        Experiment x = new Experiment("e1", i2, List.of("inventory"), 0, Experiment.Mode.SINGLE, List.of(), Set.of(),
                Map.of("inventory", List.of("inventory.errors.rate"), "frontend", List.of("frontend.errors.rate")));
        Instant now = clock.instant();
        Outcome o = new Outcome("e1", i2.id(), new Verdict.Refuted("p95 broken", List.of()), Optional.empty(), Optional.empty(),
                List.of("inventory"), List.of("inventory", "frontend"), List.of(), 0.5, 0, 0, now, now);
        String before = learner.snapshotJson();
        double bits = learner.update(x, o);
        assertThat(bits).isGreaterThan(0);
        String after = learner.snapshotJson();
        assertThat(after).isNotEqualTo(before);
        assertThat(BeliefLearner.restore(after, SystemGraph.of(shop()), Priors.broad(), Belief.Settings.DEFAULTS, clock)).isPresent();
        assertThat(BeliefLearner.restore(after, clock).orElseThrow().snapshotJson()).as("topology and what was tested travel along").isEqualTo(after);
        assertThat(BeliefLearner.restore("{}", SystemGraph.of(shop()), Priors.broad(), Belief.Settings.DEFAULTS, clock)).isEmpty();
    }

    private static Topology checkoutShop() {
        return new Topology("shop", List.of(new Service("frontend", ServiceKind.SERVICE), new Service("inventory", ServiceKind.SERVICE)),
                List.of(Edge.of("frontend", "inventory")), List.of(new Journey("checkout", "frontend", Optional.empty(), 1, List.of("inventory"))));
    }

    private static Experiment slowInventory(Fault fault) {
        var base = Intents.pauseShop("checkout-survives-slow-inventory", Intents.pause(500), 400, List.of());
        var intent = new dev.assay.model.Intent(base.id(), Optional.empty(), "checkout", "h", fault, base.expect(), Optional.empty(),
                Optional.empty(), base.safety());
        return new Experiment("e2", intent, List.of(), 0, Experiment.Mode.RAMP, List.of(), Set.of("frontend", "inventory"),
                Map.of("frontend", List.of("frontend.errors.rate")));
    }

    /** Aborted; {@code degraded}: the services seen degraded in the window before the abort. */
    private static Outcome aborted(String reason, Optional<java.time.Duration> latency, List<String> degraded) {
        Instant now = Instant.now();
        return new Outcome("e2", "checkout-survives-slow-inventory", new Verdict.Aborted(reason, List.of()), Optional.of(reason), latency,
                List.of(), degraded, List.of(), 0, 0, 0, now, now);
    }

    @Test
    void aGuardAbortIsEvidenceAtTheLevelWhereTheGuardTrippedAndYieldsAFragileLeaningFinding() {
        BeliefLearner learner = BeliefLearner.of(Belief.create(checkoutShop()), clock);
        var ramp = new Fault(FaultType.LATENCY, "inventory", List.of(Magnitude.of("delayMs", 100), Magnitude.of("delayMs", 400),
                Magnitude.of("delayMs", 2000)), dev.assay.model.Scope.ALL);
        int at400 = ChaosScale.level(FaultType.LATENCY, Magnitude.of("delayMs", 400), dev.assay.model.Scope.ALL);
        double before = BeliefViews.findings(learner.snapshot(), "inventory", FaultClass.LATENCY, at400, "x").get(0).pDegrades();

        double bits = learner.update(slowInventory(ramp), aborted("guard slo checkout burn rate breached: checkout.errors.rate = 0.9",
                Optional.of(java.time.Duration.ofMillis(30)), List.of("frontend")), Optional.of(Magnitude.of("delayMs", 400)));

        assertThat(bits).isGreaterThan(0);
        assertThat(learner.tested()).singleElement().satisfies(t -> {
            assertThat(t.level()).as("the tripping level, not the ramp's peak").isEqualTo(at400);
            assertThat(t.testedAt()).isEqualTo("latency delayMs=400");
        });
        Learned learned = Learned.of(learner, List.of());
        assertThat(learned.findings()).singleElement().satisfies(f -> {
            assertThat(f.edge()).isEqualTo("frontend->inventory");
            assertThat(f.pDegrades()).isGreaterThan(before);
        });
        assertThat(learned.budgets()).extracting(b -> b.budget().journey()).containsExactly("checkout");
        assertThat(learned.scores()).extracting(dev.assay.belief.ResilienceScore::name).containsExactly("checkout");
    }

    @Test
    void aPreflightRefusalOrAnOperatorStopTeachesNothing() {
        BeliefLearner learner = BeliefLearner.of(Belief.create(checkoutShop()), clock);
        var fault = Fault.of(FaultType.LATENCY, "inventory", Magnitude.of("delayMs", 400));
        assertThat(learner.update(slowInventory(fault), aborted("pre-flight refused: budget", Optional.empty(), List.of()), Optional.empty())).isZero();
        assertThat(learner.update(slowInventory(fault), aborted("stopped by the operator", Optional.of(java.time.Duration.ofMillis(5)), List.of("frontend")),
                Optional.empty())).isZero();
        assertThat(learner.tested()).isEmpty();
    }

    @Test
    void continuingFromASnapshotLearnsOnThePriorsItWasLearnedWithSoPlanAndReportAgree() {
        Topology shop = shop();
        var fault = new Fault(FaultType.LATENCY, "inventory", List.of(Magnitude.of("delayMs", 2000)), dev.assay.model.Scope.ALL);
        var intent = new dev.assay.model.Intent("frontend-tolerates-slow-inventory", Optional.empty(), "frontend", "h", fault, List.of(),
                Optional.empty(), Optional.empty(), dev.assay.model.Safety.NONE);
        var base = new dev.assay.verdict.SliWindows.Window(0, 400, java.util.OptionalDouble.of(20), java.util.OptionalDouble.of(40));
        var during = new dev.assay.verdict.SliWindows.Window(0, 400, java.util.OptionalDouble.of(220), java.util.OptionalDouble.of(2040)); // retries do not show in pure delay
        Instant t0 = Instant.parse("2026-12-02T06:00:00Z");
        var outcome = new Outcome("x1", intent.id(), new Verdict.Inconclusive("measured", List.of()), Optional.empty(), Optional.empty(),
                List.of(), List.of(), List.of(), 0, 0, 0, t0, t0.plusSeconds(30),
                List.of(new dev.assay.verdict.SliWindows("frontend", false, base, during)));
        // the run traced a retry on every call; the plan, later, sees the edge without
        var traced = Map.of("frontend->inventory", new dev.assay.belief.EdgeEvidence(Optional.empty(), 1, 20));
        BeliefLearner run = BeliefLearner.of(Belief.create(shop), traced, List.of(), clock);
        run.update(Experiment.of("x1", intent), outcome, Optional.empty());
        String snapshot = run.snapshotJson();
        var later = Map.of("frontend->inventory", new dev.assay.belief.EdgeEvidence(Optional.empty(), 0, 20));
        BeliefLearner plan = BeliefLearner.of(Belief.create(shop), later, List.of(), clock);
        BeliefLearner fresh = BeliefLearner.of(Belief.create(shop), later, List.of(), clock);
        fresh.update(Experiment.of("x1", intent), outcome, Optional.empty());

        assertThat(plan.continueFrom(snapshot)).isEqualTo(1);
        String report = BeliefLearner.restore(snapshot, clock).orElseThrow().explanations().get(0).text();
        assertThat(plan.explanations().get(0).text()).as("plan explains the edge as report does").isEqualTo(report);
        assertThat(fresh.explanations().get(0).text()).as("the priors matter here, so the test can tell them apart").isNotEqualTo(report);
    }

    @Test
    void learnedKeepsOneFindingPerEdgeAndFaultTypeSoTwoErrorFaultsOnOneEdgeBothShow() {
        BeliefLearner learner = BeliefLearner.of(Belief.create(shop()), clock);
        var base = Intents.pauseShop("frontend-survives-inventory", Intents.pause(500), 400, List.of());
        Instant now = clock.instant();
        int n = 0;
        for (Fault f : List.of(new Fault(FaultType.RATE_LIMIT, "inventory", List.of(Magnitude.of("status", 429)), dev.assay.model.Scope.percent(60)),
                new Fault(FaultType.OVERLOADED, "inventory", List.of(Magnitude.of("status", 529)), dev.assay.model.Scope.percent(15)))) {
            String id = "e" + (++n);
            var intent = new dev.assay.model.Intent(base.id() + n, Optional.empty(), "frontend", "h", f, base.expect(), Optional.empty(),
                    Optional.empty(), base.safety());
            Experiment x = new Experiment(id, intent, List.of(), 0, Experiment.Mode.SINGLE, List.of(), Set.of(),
                    Map.of("frontend", List.of("frontend.errors.rate")));
            learner.update(x, new Outcome(id, intent.id(), new Verdict.Supported(List.of()), Optional.empty(), Optional.empty(), List.of(), List.of(),
                    List.of(), 0, 0, 0, now, now));
        }
        assertThat(Learned.of(learner, List.of()).findings()).extracting(dev.assay.belief.Finding::testedAt)
                .containsExactly("rate-limit status=429 on 60%", "overloaded status=529 on 15%");
    }
}
