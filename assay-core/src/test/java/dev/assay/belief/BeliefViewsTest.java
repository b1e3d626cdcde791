package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.model.FaultClass;
import dev.assay.model.Topology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BeliefViewsTest {
    static final Topology CHAIN = Graphs.of("a->b", "b->c");

    /** Every tolerance known to be exactly {@code level}. */
    static Belief certainAt(Topology t, int level) {
        Belief b = BeliefTest.belief(t);
        List<BeliefState.EdgeBelief> sure = new ArrayList<>();
        for (BeliefState.EdgeBelief e : b.state().edges()) {
            List<Double> p = new ArrayList<>(Collections.nCopies(ChaosScale.LEVELS + 1, 0.0));
            p.set(level, 1.0);
            sure.add(new BeliefState.EdgeBelief(e.caller(), e.callee(), e.faultClass(), p, e.updatedAt()));
        }
        return Belief.restore(new BeliefState(BeliefState.SCALE, ChaosScale.LEVELS, sure), b.graph(), Priors.broad(),
                Belief.Settings.DEFAULTS, BeliefTest.CLOCK);
    }

    @Test
    void chaosLevelsOfACertainBeliefAreItsToleranceLevel() {
        List<ResilienceBudget> budgets = BeliefViews.resilienceBudgets(certainAt(CHAIN, 4));
        assertThat(budgets).hasSize(3); // one journey (a) × 3 classes
        assertThat(budgets).allSatisfy(r -> {
            assertThat(r.noEffect()).isEqualTo(OptionalInt.of(ChaosScale.chaosLevel(3)));
            assertThat(r.significant()).isEqualTo(OptionalInt.of(ChaosScale.chaosLevel(4)));
            assertThat(r.disabling()).isEqualTo(OptionalInt.of(ChaosScale.chaosLevel(4)));
        });
    }

    @Test
    void aBroadPriorHasNoLevelWithoutEffect() {
        ResilienceBudget r = BeliefViews.resilienceBudgets(BeliefTest.belief(CHAIN)).get(0);
        assertThat(r.noEffect()).isEmpty();
        assertThat(r.significant()).isPresent();
    }

    @Test
    void scoreOfACertainBeliefIsExactWithoutUncertainty() {
        ResilienceScore s = BeliefViews.journeyScore(certainAt(CHAIN, 4), "a", 32, 1);
        assertThat(s.score()).isCloseTo(4.0 / ChaosScale.LEVELS, within(1e-12));
        assertThat(s.uncertainty()).isCloseTo(0.0, within(1e-6));
        assertThat(s.lastUpdated()).isEqualTo(BeliefTest.T0);
    }

    @Test
    void scoreOfABroadPriorIsUncertainAndLearningNeverDegradesRaisesIt() {
        Belief b = BeliefTest.belief(CHAIN);
        ResilienceScore before = BeliefViews.serviceScore(b, "a", 400, 1);
        assertThat(before.uncertainty()).isGreaterThan(0.01);
        for (int i = 0; i < 5; i++) {
            b.update(new Observation(FaultClass.LATENCY, "c", ChaosScale.LEVELS - 1, Map.of("a", false, "b", false), Map.of(), BeliefTest.T0));
        }
        assertThat(BeliefViews.serviceScore(b, "a", 400, 1).score()).isGreaterThan(before.score());
    }

    @Test
    void hypothesisQualityIsTheInformationTheUpdateReported() {
        Belief before = BeliefTest.belief(CHAIN);
        Belief after = before.copy();
        Learning l = after.update(new Observation(FaultClass.ERRORS, "c", 5, Map.of("b", true, "a", false), Map.of(), BeliefTest.T0));
        assertThat(BeliefViews.hypothesisQualityBits(before, after)).isCloseTo(l.informationBits(), within(1e-9)).isGreaterThan(0);
        assertThat(BeliefViews.hypothesisQualityBits(before, before.copy())).isZero();
    }

    @Test
    void findingsOnACertainBeliefAreFragileFromTheToleranceLevelAndTolerantBelow() {
        Belief b = certainAt(CHAIN, 4);
        List<Finding> at4 = BeliefViews.findings(b, "c", FaultClass.LATENCY, 4, "latency");
        assertThat(at4).singleElement().satisfies(f -> {
            assertThat(f.edge()).isEqualTo("b->c");
            assertThat(f.tolerant()).isFalse();
            assertThat(f.probability()).isCloseTo(1.0, within(1e-9));
        });
        assertThat(BeliefViews.findings(b, "c", FaultClass.LATENCY, 3, "latency")).singleElement().satisfies(f -> assertThat(f.tolerant()).isTrue());
    }

    @Test
    void aTargetBudgetUsesTheSameLevelsAsTheJourneyBudget() {
        List<TargetBudget> budgets = BeliefViews.resilienceBudgets(certainAt(CHAIN, 4), "c", FaultClass.ERRORS);
        assertThat(budgets).singleElement().satisfies(t -> {
            assertThat(t.target()).isEqualTo("c");
            assertThat(t.budget().journey()).isEqualTo("a");
            assertThat(t.budget().noEffect()).isEqualTo(OptionalInt.of(ChaosScale.chaosLevel(3)));
            assertThat(t.budget().significant()).isEqualTo(OptionalInt.of(ChaosScale.chaosLevel(4)));
            assertThat(t.label(t.budget().significant().getAsInt())).isEqualTo(ChaosScale.label(FaultClass.ERRORS, 4));
        });
    }
}
