package dev.assay.belief;

import static dev.assay.belief.MechanismBeliefTest.TEN_PERCENT;
import static dev.assay.belief.MechanismBeliefTest.errors;
import static dev.assay.belief.MechanismBeliefTest.measure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.model.FaultClass;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The EIG over prediction-relevant classes: noise-wide outcomes, identifiable mechanism classes, settled edges. */
class MechanismClassesTest {
    static final EdgeMechanism TWO_RETRIES = new EdgeMechanism(OptionalLong.empty(), 2, false, false, false);
    static final EdgeMechanism THREE_RETRIES = new EdgeMechanism(OptionalLong.empty(), 3, false, false, false);

    /** A belief over a->b whose edge is split evenly between two mechanisms. */
    static MechanismBelief split(String graph, EdgeMechanism x, EdgeMechanism y) {
        MechanismBelief b = MechanismBelief.create(Graphs.of(graph));
        double[] p = new double[MechanismBelief.M];
        p[x.gridIndex()] = 0.5;
        p[y.gridIndex()] = 0.5;
        b.set(b.edge("a", "b"), p);
        return b;
    }

    @Test
    void twoMechanismsThatDifferBelowTheNoiseOnAFaultGiveThatFaultZeroInformation() {
        MechanismBelief b = split("a->b", TWO_RETRIES, THREE_RETRIES);
        int callee = b.graph().service("b").getAsInt();
        // 10% errors: 0.1% vs 0.01% at the caller, different but 0.09 points apart (the noise tolerance is 0.3 points)
        int mild = ChaosScale.indexOf(0.1, FaultClass.ERRORS);
        RequestMix in = RequestMix.ofFault(errors("b", 0.1), errors("b", 0.1).peak());
        assertThat(TWO_RETRIES.view(in)).isNotEqualTo(THREE_RETRIES.view(in));

        assertThat(b.inEdgeBits(callee, FaultClass.ERRORS, mild, TEN_PERCENT)).isZero();
        assertThat(b.coneBits(errors("b", 0.1), TEN_PERCENT, 100)).isZero();
    }

    @Test
    void anUnsettledIdentifiableEdgeIsWorthABitOnAFaultThatTellsItsMechanismsApart() {
        MechanismBelief b = split("a->b", TWO_RETRIES, THREE_RETRIES);
        int callee = b.graph().service("b").getAsInt();
        // 28.5% errors: 2.3% vs 0.66% at the caller
        int strong = ChaosScale.indexOf(0.285, FaultClass.ERRORS);

        assertThat(b.settled(b.edge("a", "b"), TEN_PERCENT)).isFalse();
        assertThat(b.inEdgeBits(callee, FaultClass.ERRORS, strong, TEN_PERCENT)).isCloseTo(1.0, within(1e-9));
        assertThat(b.coneBits(errors("b", 0.285), TEN_PERCENT, 100)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void anUpstreamEdgeCountsOnlyForWhatItsCallersOutcomeCanTellAboutItsClass() {
        // b->c at its prior; a->b split between two and three retries: a fault at c informs both through b's view
        MechanismBelief b = split("a->b", TWO_RETRIES, THREE_RETRIES);
        MechanismBelief chain = MechanismBelief.create(Graphs.of("a->b", "b->c"));
        double[] p = new double[MechanismBelief.M];
        p[EdgeMechanism.NONE.gridIndex()] = 1;
        chain.set(chain.edge("b", "c"), p);
        double[] q = new double[MechanismBelief.M];
        q[TWO_RETRIES.gridIndex()] = 0.5;
        q[THREE_RETRIES.gridIndex()] = 0.5;
        chain.set(chain.edge("a", "b"), q);

        // b presents c's 28.5% errors unchanged (settled, no retries): only a->b is worth anything, one bit
        assertThat(chain.settled(chain.edge("b", "c"), TEN_PERCENT)).isTrue();
        assertThat(chain.coneBits(errors("c", 0.285), TEN_PERCENT, 100)).isCloseTo(1.0, within(1e-9));
        assertThat(b.coneBits(errors("b", 0.285), TEN_PERCENT, 100)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aDifferenceNoPlannableFaultShowsIsOneClassSoTheEdgeIsSettledAndWorthNothing() {
        // with a fallback absorbing every failure and no retries or timeout, a breaker changes nothing a caller measures
        EdgeMechanism fallback = new EdgeMechanism(OptionalLong.empty(), 0, false, false, true);
        EdgeMechanism fallbackBreaker = new EdgeMechanism(OptionalLong.empty(), 0, false, true, true);
        MechanismBelief b = split("a->b", fallback, fallbackBreaker);
        int e = b.edge("a", "b");
        int callee = b.graph().service("b").getAsInt();

        assertThat(b.entropyBits(e)).isCloseTo(1.0, within(1e-9));
        assertThat(b.settled(e, TEN_PERCENT)).isTrue();
        for (FaultClass c : FaultClass.values()) {
            for (int l = 0; l < ChaosScale.LEVELS; l++) assertThat(b.inEdgeBits(callee, c, l, TEN_PERCENT)).isZero();
        }
    }

    @Test
    void learningSettlesAnEdgeAndThenNoFaultOnItIsWorthAnything() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("a->b"));
        int e = b.edge("a", "b");
        int callee = b.graph().service("b").getAsInt();
        assertThat(b.settled(e, TEN_PERCENT)).isFalse();
        Map<String, EdgeMechanism> truth = Map.of("a->b", TWO_RETRIES);
        for (int k = 0; k < 12 && !b.settled(e, TEN_PERCENT); k++) {
            double best = -1;
            FaultClass bestClass = FaultClass.ERRORS;
            int bestLevel = 0;
            for (FaultClass c : FaultClass.values()) {
                for (int l = 0; l < ChaosScale.LEVELS; l++) {
                    double bits = b.inEdgeBits(callee, c, l, TEN_PERCENT);
                    if (bits > best) {
                        best = bits;
                        bestClass = c;
                        bestLevel = l;
                    }
                }
            }
            b.update(measure(b, ChaosScale.fault(bestClass, "b", bestLevel, TEN_PERCENT), truth));
        }

        assertThat(b.settled(e, TEN_PERCENT)).isTrue();
        for (FaultClass c : FaultClass.values()) {
            for (int l = 0; l < ChaosScale.LEVELS; l++) assertThat(b.inEdgeBits(callee, c, l, TEN_PERCENT)).isZero();
        }
    }

    @Test
    void informationAboutAClassIsTheOutcomeEntropyLessWhatVariesWithinClasses() {
        double[] p = new double[MechanismBelief.M];
        int[] classOf = new int[MechanismBelief.M];
        int[] outcome = new int[MechanismBelief.M];
        for (int m = 0; m < 4; m++) p[m] = 0.25;
        classOf[2] = classOf[3] = 1;
        outcome[1] = 1;
        outcome[2] = outcome[3] = 2;
        // H(outcome) = 1.5 bits; within class 0 the outcome still varies (0.5 bits of it): 1 bit is about the class
        MechanismClasses c = new MechanismClasses(MechanismBelief.create(Graphs.of("a->b")).forward);
        assertThat(c.mutualBits(p, outcome, classOf)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void noiseWideClassesJoinOutcomesWithinTheToleranceAndSeparateThoseBeyondIt() {
        RequestMix a = RequestMix.affected(0.010, 0, true);
        RequestMix close = RequestMix.affected(0.011, 0, true);
        RequestMix far = RequestMix.affected(0.030, 0, true);
        int[] ids = MechanismClasses.noiseWide(new RequestMix[] {far, a, close});

        assertThat(ids[1]).isEqualTo(ids[2]);
        assertThat(ids[0]).isNotEqualTo(ids[1]);
    }
}
