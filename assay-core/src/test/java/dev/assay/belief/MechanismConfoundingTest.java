package dev.assay.belief;

import static dev.assay.belief.MechanismBeliefTest.errors;
import static dev.assay.belief.MechanismBeliefTest.marginal;
import static dev.assay.belief.MechanismBeliefTest.measure;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A fault that reaches a caller over two calls at once (u → a, and u → b → a): what one reading can and cannot say. */
class MechanismConfoundingTest {
    static final EdgeMechanism TWO_RETRIES = new EdgeMechanism(OptionalLong.empty(), 2, false, false, false);
    static final EdgeMechanism FALLBACK = new EdgeMechanism(OptionalLong.empty(), 0, false, false, true);
    static final Map<String, EdgeMechanism> TRUTH = Map.of("u->a", TWO_RETRIES, "u->b", FALLBACK, "b->a", EdgeMechanism.NONE);

    @Test
    void aReadingTwoCallsExplainEitherWayKeepsBothCombinationsAndASeparatingFaultSettlesThem() {
        MechanismBelief b = MechanismBelief.create(Graphs.of("u->a", "u->b", "b->a"));

        // 28.5% errors at a: b sees 28.5%, u sees 2.3%. "u->a retries twice, u->b absorbs" and "u->a absorbs, u->b
        // retries twice" give the same reading; judging each call with the other at its prior guess (passes errors)
        // explained neither, and the truth kept 13% on u->a.
        b.update(measure(b, errors("a", 0.285), TRUTH));
        assertThat(marginal(b, "u", "a", m -> m.retries() == 2 && !m.fallback())).isGreaterThan(0.4);
        assertThat(marginal(b, "u", "a", EdgeMechanism::fallback)).isGreaterThan(0.3); // not identifiable yet
        assertThat(marginal(b, "u", "b", EdgeMechanism::fallback)).isGreaterThan(0.5);

        // errors at b reach u over u->b alone: that settles u->b; then the first fault again tells u->a's part
        b.update(measure(b, errors("b", 0.285), TRUTH));
        assertThat(marginal(b, "u", "b", EdgeMechanism::fallback)).isGreaterThan(0.95);
        b.update(measure(b, errors("a", 0.285), TRUTH));
        assertThat(marginal(b, "u", "a", m -> m.retries() == 2 && !m.fallback())).isGreaterThan(0.9);
    }
}
