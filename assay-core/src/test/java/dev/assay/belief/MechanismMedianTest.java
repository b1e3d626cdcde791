package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The update reads a measured p50 as a second latency reading, next to the p99. */
class MechanismMedianTest {
    private static final EdgeMechanism TRUTH = new EdgeMechanism(OptionalLong.of(250), 0, false, false, false);
    private static final Fault SLOW = new Fault(FaultType.LATENCY, "inventory", List.of(Magnitude.of("delayMs", 400)), Scope.ALL);

    /** What checkout measures when inventory is 400 ms slow and checkout calls it through {@link #TRUTH}. */
    private static MeasuredOutcome measured(boolean withP50) {
        RequestMix seen = TRUTH.view(RequestMix.ofFault(SLOW, SLOW.peak()));
        MeasuredSli checkout = withP50
                ? new MeasuredSli(0.001, Math.min(1, 0.001 + seen.failureRate()), 20, 20 + seen.quantileMs(0.99), 3000, 3000, OptionalDouble.of(10),
                        OptionalDouble.of(10 + seen.quantileMs(0.5)))
                : new MeasuredSli(0.001, Math.min(1, 0.001 + seen.failureRate()), 20, 20 + seen.quantileMs(0.99), 3000, 3000);
        return new MeasuredOutcome(SLOW, Map.of("checkout", checkout), Map.of());
    }

    @Test
    void theMedianTellsA250msTimeoutFrom300msWhereTheP99AloneIsNotConfident() {
        MechanismBelief p99Only = MechanismBelief.create(Graphs.of("checkout->inventory"));
        p99Only.update(measured(false));
        MechanismBelief both = MechanismBelief.create(Graphs.of("checkout->inventory"));
        both.update(measured(true));

        EdgeExplanation x = both.explain("checkout", "inventory");
        assertThat(x.mechanism()).as(x.text()).isEqualTo(TRUTH);
        assertThat(x.probability()).as(x.text()).isGreaterThan(p99Only.explain("checkout", "inventory").probability());
        assertThat(MechanismBeliefTest.marginal(both, "checkout", "inventory", m -> m.timeoutMs().equals(OptionalLong.of(250))))
                .isGreaterThan(MechanismBeliefTest.marginal(p99Only, "checkout", "inventory", m -> m.timeoutMs().equals(OptionalLong.of(250))));
    }

    @Test
    void aMeasurementGivesThePercentilesOfBothWindowsOrOfNeither() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MeasuredSli(0, 0, 20, 20, 10, 10, OptionalDouble.of(10), OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p50");
    }

    @Test
    void theBaselinesErrorsAndTheFaultsCompound() {
        // 20% of requests already fail; a fault failing 40% gives 1 - 0.8 * 0.6 = 52%; adding rates would say 32%
        MeasuredSli seen = new MeasuredSli(0.2, 0.52, 20, 20, 5000, 5000);
        assertThat(MechanismUpdate.logLikelihood(seen, RequestMix.affected(0.4, 0, true)))
                .isGreaterThan(MechanismUpdate.logLikelihood(seen, RequestMix.affected(0.32, 0, true)));
    }
}
