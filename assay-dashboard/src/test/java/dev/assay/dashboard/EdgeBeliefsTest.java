package dev.assay.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.tuple;

import dev.assay.belief.Belief;
import dev.assay.belief.EdgeExplanation;
import dev.assay.belief.EdgeMechanism;
import dev.assay.belief.Finding;
import dev.assay.model.Edge;
import dev.assay.model.Incident;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import dev.assay.runner.BeliefLearner;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import dev.assay.model.FaultClass;
import java.util.List;
import org.junit.jupiter.api.Test;

class EdgeBeliefsTest {
    private static Finding finding(FaultClass c, double pDegrades) {
        return new Finding("checkout", "payment", c, 3, "latency delayMs=400", pDegrades);
    }

    @Test
    void aConfidentFragileFindingMakesTheEdgeFragileWhateverElseWasTolerated() {
        assertThat(EdgeBeliefs.standing(List.of(finding(FaultClass.LATENCY, 0.05), finding(FaultClass.UNAVAILABILITY, 0.9))))
                .isEqualTo(EdgeBelief.Standing.FRAGILE);
    }

    @Test
    void anEdgeIsTolerantOnlyWhenEveryTestedFaultIsConfidentlySurvived() {
        assertThat(EdgeBeliefs.standing(List.of(finding(FaultClass.LATENCY, 0.05)))).isEqualTo(EdgeBelief.Standing.TOLERANT);
        assertThat(EdgeBeliefs.standing(List.of(finding(FaultClass.LATENCY, 0.05), finding(FaultClass.UNAVAILABILITY, 0.3))))
                .isEqualTo(EdgeBelief.Standing.UNCERTAIN);
    }

    @Test
    void anUntestedEdgeIsUncertain() {
        assertThat(EdgeBeliefs.standing(List.of())).isEqualTo(EdgeBelief.Standing.UNCERTAIN);
    }

    static final Topology SHOP = new Topology("shop", List.of(new Service("checkout", ServiceKind.SERVICE), new Service("payment", ServiceKind.SERVICE),
            new Service("cart", ServiceKind.SERVICE)), List.of(Edge.of("checkout", "payment"), Edge.of("checkout", "cart")),
            List.of(new Journey("checkout", "checkout", Optional.empty(), 1, List.of("payment", "cart"))));

    @Test
    void aFindingAnIncidentTaughtIsMarkedWithTheIncidentOnItsEdgeAndNowhereElse() {
        BeliefLearner learner = BeliefLearner.of(Belief.create(SHOP), Clock.systemUTC());
        learner.observeIncident(new Incident("INC-7", "payment", FaultClass.UNAVAILABILITY, OptionalDouble.empty(), List.of("checkout"),
                Instant.parse("2026-11-30T10:00:00Z"), Optional.empty(), "payment down"));
        DashboardBeliefs beliefs = EdgeBeliefs.learn(Optional.of(learner), Optional.of(SHOP), List.of());
        assertThat(beliefs.learned().findings()).singleElement().satisfies(f -> {
            assertThat(f.edge()).isEqualTo("checkout->payment");
            assertThat(beliefs.incident(f)).contains("INC-7");
        });
        assertThat(beliefs.edges()).extracting(EdgeBelief::key, EdgeBelief::incidents)
                .containsExactly(tuple("checkout->payment", List.of("INC-7")), tuple("checkout->cart", List.of()));
        assertThat(beliefs.edges().get(0).tested()).singleElement().asString().contains("incident INC-7");
    }

    @Test
    void withoutALearnerNothingIsKnownButEveryEdgeIsListedUncertain() {
        DashboardBeliefs beliefs = EdgeBeliefs.learn(Optional.empty(), Optional.of(SHOP), List.of());
        assertThat(beliefs.learned().findings()).isEmpty();
        assertThat(beliefs.edges()).extracting(EdgeBelief::standing).containsOnly(EdgeBelief.Standing.UNCERTAIN).hasSize(2);
        assertThat(EdgeBeliefs.learn(Optional.empty(), Optional.empty(), List.of()).edges()).isEmpty();
    }

    @Test
    void aMechanismIsWordedWithItsProbabilityAndIsUnknownWhileOnlyThePriorSpeaks() {
        EdgeMechanism m = new EdgeMechanism(OptionalLong.of(300), 2, false, false, false);
        EdgeExplanation seen = new EdgeExplanation("checkout", "payment", true, m, 0.934, 3, 0.2, 1300, false, 8, 1.5);
        assertThat(EdgeBeliefs.mechanismText(seen)).contains("2 retries without backoff, timeout 300 ms, no breaker, no fallback, P = 0.93");
        EdgeExplanation prior = new EdgeExplanation("checkout", "payment", true, m, 0.2, 0, 0.2, 1300, false, 8, 8);
        assertThat(EdgeBeliefs.mechanismText(prior)).isEmpty();
        assertThat(EdgeBeliefs.mechanismText(new EdgeExplanation("checkout", "email", false, EdgeMechanism.NONE, 1, 2, 0, 0, false, 1, 0)))
                .contains("async (fire-and-forget), P = 1.00");
    }

    @Test
    void aModelsEdgeTextComesFromTheMechanismBeliefForEdgesOfItsTopologyOnly() {
        dev.assay.belief.MechanismBelief b = dev.assay.belief.MechanismBelief.create(SHOP);
        assertThat(EdgeBeliefs.mechanismText(Optional.of(b), Optional.of(SHOP), "checkout", "payment")).as("prior only").isEmpty();
        var slow = dev.assay.belief.ChaosScale.fault(FaultClass.LATENCY, "payment", 7, dev.assay.model.Scope.percent(100));
        b.update(new dev.assay.belief.MeasuredOutcome(slow, java.util.Map.of("checkout",
                new dev.assay.belief.MeasuredSli(0.001, 0.001, 50, 1250, 15_000, 15_000)), java.util.Map.of()));
        assertThat(EdgeBeliefs.mechanismText(Optional.of(b), Optional.of(SHOP), "checkout", "payment")).hasValueSatisfying(t ->
                assertThat(t).contains("P = ").isEqualTo(EdgeBeliefs.mechanismText(b.explain("checkout", "payment")).orElseThrow()));
        assertThat(EdgeBeliefs.mechanismText(Optional.of(b), Optional.of(SHOP), "payment", "cart")).as("no such edge").isEmpty();
        assertThat(EdgeBeliefs.mechanismText(Optional.empty(), Optional.of(SHOP), "checkout", "payment")).as("no belief").isEmpty();
    }
}
