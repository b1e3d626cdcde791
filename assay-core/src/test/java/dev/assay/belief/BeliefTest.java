package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.FaultType;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Magnitude;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BeliefTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    static Belief belief(Topology t) {
        return Belief.create(SystemGraph.of(t), Priors.broad(), Belief.Settings.DEFAULTS, CLOCK);
    }

    static Fault latency(String target, double ms) {
        return Fault.of(FaultType.LATENCY, target, Magnitude.of("delayMs", ms));
    }

    @Test
    void chainPredictionMultipliesEdgeProbabilities() {
        Belief b = belief(Graphs.of("a->b", "b->c"));
        int level = ChaosScale.indexOf(500, FaultClass.LATENCY);
        double bc = b.degradeProbability(b.graph().edge("b", "c").getAsInt(), FaultClass.LATENCY, level);
        double ab = b.degradeProbability(b.graph().edge("a", "b").getAsInt(), FaultClass.LATENCY, level);
        Prediction p = b.predict(latency("c", 500));
        assertThat(p.service("c")).isEqualTo(1.0);
        assertThat(p.service("b")).isCloseTo(bc, within(1e-12));
        assertThat(p.service("a")).isCloseTo(bc * ab, within(1e-12));
    }

    @Test
    void journeyDegradesOnlyThroughItsOwnServicesAndItsTolerance() {
        Topology t = Graphs.withJourney(Graphs.of("a->b", "b->c", "a->d"), "read", "a", List.of("d"), 1);
        Belief b = belief(t);
        Prediction onC = b.predict(latency("c", 500));
        Prediction onD = b.predict(latency("d", 500));
        assertThat(onC.journey("read")).isZero();
        assertThat(onD.journey("read")).isGreaterThan(0).isLessThan(onD.service("a"));
    }

    @Test
    void cyclesTerminateAndStayProbabilities() {
        Belief b = belief(Graphs.of("a->b", "b->c", "c->a", "c->d"));
        Prediction p = b.predict(latency("d", 2000));
        assertThat(p.services()).containsKeys("a", "b", "c", "d");
        assertThat(p.services().values()).allSatisfy(x -> assertThat(x).isBetween(0.0, 1.0));
    }

    @Test
    void asyncEdgesRarelyPropagateLatency() {
        Topology t = new Topology("t", List.of(Service.of("a"), Service.of("q")), List.of(Graphs.async("a", "q")), List.of());
        Belief b = belief(t);
        assertThat(b.predict(latency("q", 10_000)).service("a")).isLessThanOrEqualTo(0.1);
        assertThat(belief(Graphs.of("a->q")).predict(latency("q", 10_000)).service("a")).isGreaterThan(0.8);
    }

    @Test
    void observingTheCallerDegradeMovesMassToLowTolerances() {
        Belief b = belief(Graphs.of("a->b"));
        int level = ChaosScale.indexOf(500, FaultClass.LATENCY);
        double before = b.degradeProbability(0, FaultClass.LATENCY, level);
        Learning l = b.update(Observation.of(latency("b", 500), Map.of("a", true), Map.of(), T0));
        assertThat(b.degradeProbability(0, FaultClass.LATENCY, level)).isGreaterThan(before + 0.3);
        assertThat(l.informationBits()).isGreaterThan(0);
        assertThat(l.distributionsChanged()).isEqualTo(1);
    }

    @Test
    void observingTheCallerHealthyMovesMassAboveTheLevel() {
        Belief b = belief(Graphs.of("a->b"));
        int level = ChaosScale.indexOf(500, FaultClass.LATENCY);
        double before = b.degradeProbability(0, FaultClass.LATENCY, level);
        b.update(Observation.of(latency("b", 500), Map.of("a", false), Map.of(), T0));
        assertThat(b.degradeProbability(0, FaultClass.LATENCY, level)).isLessThan(before / 5);
    }

    @Test
    void anIncidentTeachesLessThanAnExperiment() {
        Belief experiment = belief(Graphs.of("a->b"));
        Belief incident = belief(Graphs.of("a->b"));
        Observation o = Observation.of(latency("b", 500), Map.of("a", true), Map.of(), T0);
        assertThat(incident.observeIncident(o).informationBits()).isLessThan(experiment.update(o).informationBits());
    }

    @Test
    void journeyObservationUpdatesTheJourneyTolerance() {
        Belief b = belief(Graphs.of("a->b"));
        List<Double> before = b.journeyTolerance("a", FaultClass.ERRORS);
        b.update(new Observation(FaultClass.ERRORS, "a", 3, Map.of(), Map.of("a", false), T0));
        assertThat(b.journeyTolerance("a", FaultClass.ERRORS)).isNotEqualTo(before);
        assertThat(b.journeyTolerance("a", FaultClass.ERRORS).get(ChaosScale.NEVER)).isGreaterThan(before.get(ChaosScale.NEVER));
    }

    @Test
    void agingRelaxesHalfwayToThePriorAfterOneHalfLife() {
        Belief b = belief(Graphs.of("a->b"));
        double prior = b.tolerance("a", "b", FaultClass.LATENCY).get(ChaosScale.NEVER);
        b.update(Observation.of(latency("b", 500), Map.of("a", true), Map.of(), T0));
        double learned = b.tolerance("a", "b", FaultClass.LATENCY).get(ChaosScale.NEVER);
        b.ageTo(T0.plus(Duration.ofDays(30)));
        assertThat(b.tolerance("a", "b", FaultClass.LATENCY).get(ChaosScale.NEVER)).isCloseTo((prior + learned) / 2, within(1e-9));
    }

    @Test
    void resetEdgeForgetsWhatWasLearned() {
        Belief b = belief(Graphs.of("a->b", "b->c"));
        List<Double> prior = b.tolerance("a", "b", FaultClass.LATENCY);
        b.update(Observation.of(latency("b", 500), Map.of("a", true), Map.of(), T0));
        b.resetEdge("a", "b");
        assertThat(b.tolerance("a", "b", FaultClass.LATENCY)).isEqualTo(prior);
    }

    @Test
    void resetServiceForgetsEdgesOnBothSides() {
        Belief b = belief(Graphs.of("a->b", "b->c"));
        List<Double> prior = b.tolerance("b", "c", FaultClass.LATENCY);
        b.update(Observation.of(latency("c", 500), Map.of("b", true, "a", true), Map.of(), T0));
        b.resetService("b");
        assertThat(b.tolerance("b", "c", FaultClass.LATENCY)).isEqualTo(prior);
        assertThat(b.tolerance("a", "b", FaultClass.LATENCY)).isEqualTo(prior);
    }

    @Test
    void stateRoundTripsAndRebaseKeepsSurvivingEdges() {
        Belief b = belief(Graphs.of("a->b", "b->c"));
        b.update(Observation.of(latency("c", 500), Map.of("b", true, "a", false), Map.of(), T0));
        Belief restored = Belief.restore(b.state(), b.graph(), Priors.broad(), Belief.Settings.DEFAULTS, CLOCK);
        assertThat(restored.state()).isEqualTo(b.state());
        Belief rebased = b.rebase(SystemGraph.of(Graphs.of("a->b", "b->c", "c->d")), Priors.broad());
        assertThat(rebased.tolerance("b", "c", FaultClass.LATENCY)).isEqualTo(b.tolerance("b", "c", FaultClass.LATENCY));
        assertThat(rebased.tolerance("c", "d", FaultClass.LATENCY)).isEqualTo(belief(Graphs.of("c->d")).tolerance("c", "d", FaultClass.LATENCY));
    }

    @Test
    void restoreRejectsAnotherScale() {
        Belief b = belief(Graphs.of("a->b"));
        BeliefState other = new BeliefState("other-scale", 5, List.of());
        assertThatThrownBy(() -> Belief.restore(other, b.graph(), Priors.broad(), Belief.Settings.DEFAULTS, CLOCK))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("other-scale");
    }

    @Test
    void unknownTargetIsInvalidInput() {
        assertThatThrownBy(() -> belief(Graphs.of("a->b")).predict(latency("nope", 100)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'nope'");
    }
}
