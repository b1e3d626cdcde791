package dev.assay.sim;

import static dev.assay.sim.Graphs.graph;
import static dev.assay.sim.Graphs.none;
import static dev.assay.sim.Graphs.timeout;
import static dev.assay.sim.Graphs.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import java.util.List;
import org.junit.jupiter.api.Test;

class PropagationSimulatorTest {
    static Fault latency(String target, double ms, double percent) {
        return new Fault(FaultType.LATENCY, target, List.of(Magnitude.of("delayMs", ms)), Scope.percent(percent));
    }

    static Fault errors(String target, double percent) {
        return new Fault(FaultType.ERROR, target, List.of(Magnitude.NONE), Scope.percent(percent));
    }

    static Impact run(Simulator sim, Fault f) {
        return sim.impact(f, f.peak());
    }

    @Test
    void latencyOnASyncEdgeWithoutProtectionReachesTheCallerInFull() {
        Impact i = run(graph().sync("a", "b", none()).sync("root", "a", none()).simulator(), latency("b", 300, 100));

        assertThat(i.service("b").addedP99Ms()).isEqualTo(300);
        assertThat(i.service("a").addedP99Ms()).isEqualTo(300);
        assertThat(i.service("root").addedP99Ms()).isEqualTo(300);
        assertThat(i.service("a").errorRate()).isZero();
        assertThat(i.degradedServices()).containsExactly("a", "b", "root");
    }

    @Test
    void aTimeoutTurnsLatencyBeyondItIntoAnErrorAfterTheTimeout() {
        Impact i = run(graph().sync("a", "b", timeout(200)).simulator(), latency("b", 500, 50));

        assertThat(i.service("a").errorRate()).isCloseTo(0.5, within(1e-9));
        assertThat(i.service("a").addedP99Ms()).isEqualTo(200);
        assertThat(i.service("a").addedMeanMs()).isCloseTo(100, within(1e-9));
    }

    @Test
    void latencyBelowTheTimeoutPassesThroughWithoutErrors() {
        Impact i = run(graph().sync("a", "b", timeout(1000)).simulator(), latency("b", 500, 100));

        assertThat(i.service("a").errorRate()).isZero();
        assertThat(i.service("a").addedP99Ms()).isEqualTo(500);
    }

    @Test
    void retriesAfterTimeoutsMultiplyLatencyAndLoadAndStillFail() {
        Impact i = run(graph().sync("a", "b", with(200L, 2, false, false)).simulator(), latency("b", 500, 100));

        assertThat(i.service("a").addedP99Ms()).isEqualTo(600); // three attempts, each cut at 200 ms
        assertThat(i.service("a").errorRate()).isEqualTo(1.0);
        assertThat(i.service("b").load()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void retriesMaskPartialErrorsAtTheCostOfLoad() {
        Impact i = run(graph().sync("a", "b", with(null, 2, false, false)).simulator(), errors("b", 30));

        assertThat(i.service("b").errorRate()).isCloseTo(0.3, within(1e-9));
        assertThat(i.service("a").errorRate()).isCloseTo(0.027, within(1e-9));
        assertThat(i.service("b").load()).isCloseTo(1.39, within(1e-9));
        assertThat(i.degradedServices()).containsExactly("a", "b"); // 2.7% is still above the 2% threshold
    }

    @Test
    void aFallbackAbsorbsFailuresButNotTheWait() {
        Simulator sim = graph().sync("a", "b", with(300L, 0, true, false)).simulator();

        Impact errors = run(sim, errors("b", 100));
        Impact slow = run(sim, latency("b", 2000, 100));

        assertThat(errors.service("a").errorRate()).isZero();
        assertThat(errors.degradedServices()).containsExactly("b");
        assertThat(slow.service("a").errorRate()).isZero();
        assertThat(slow.service("a").addedP99Ms()).isEqualTo(300);
    }

    @Test
    void anAsyncEdgePropagatesNeitherLatencyNorErrorsToTheCaller() {
        Simulator sim = graph().async("a", "b", none()).simulator();

        assertThat(run(sim, latency("b", 5000, 100)).degradedServices()).containsExactly("b");
        assertThat(run(sim, errors("b", 100)).degradedServices()).containsExactly("b");
        assertThat(run(sim, errors("b", 100)).service("a")).isEqualTo(Effect.NONE);
    }

    @Test
    void aTrippedCircuitBreakerFailsFastInsteadOfWaitingForTheTimeout() {
        Impact withBreaker = run(graph().sync("a", "b", with(1000L, 0, false, true)).simulator(), latency("b", 5000, 100));
        Impact without = run(graph().sync("a", "b", with(1000L, 0, false, false)).simulator(), latency("b", 5000, 100));

        assertThat(withBreaker.service("a").errorRate()).isEqualTo(1.0);
        assertThat(withBreaker.service("a").addedP99Ms()).isZero();
        assertThat(without.service("a").addedP99Ms()).isEqualTo(1000);
    }

    @Test
    void aCircuitBreakerBelowItsFailureThresholdStaysClosed() {
        Impact i = run(graph().sync("a", "b", with(null, 0, false, true)).simulator(), errors("b", 30));

        assertThat(i.service("a").errorRate()).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void anOpenBreakerWithAFallbackShieldsTheCallerCompletely() {
        Impact i = run(graph().sync("a", "b", with(1000L, 0, true, true)).simulator(), latency("b", 5000, 100));

        assertThat(i.service("a")).satisfies(e -> {
            assertThat(e.errorRate()).isZero();
            assertThat(e.addedP99Ms()).isZero();
            assertThat(e.degraded()).isFalse();
        });
    }

    @Test
    void callsPerRequestAddUpSequentially() {
        Impact i = run(graph().edge("a", "b", true, 3, none()).simulator(), latency("b", 100, 100));

        assertThat(i.service("a").addedP99Ms()).isEqualTo(300);
    }

    @Test
    void aCallMadeByPartOfTheRequestsAffectsOnlyThatPart() {
        Impact i = run(graph().edge("a", "b", true, 0.5, none()).simulator(), errors("b", 100));

        assertThat(i.service("a").errorRate()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void latencyAndErrorsOfTwoSlowCalleesAddUp() {
        Simulator sim = graph().sync("a", "b", none()).sync("a", "c", none()).sync("b", "d", none()).sync("c", "d", none()).simulator();

        Impact i = run(sim, latency("d", 150, 100));

        assertThat(i.service("a").addedP99Ms()).isEqualTo(300); // a waits for b and for c, each waiting for d
    }

    @Test
    void aCycleTerminatesAndARequestNeverReentersAServiceOnItsPath() {
        Simulator sim = graph().sync("a", "b", none()).sync("b", "c", none()).sync("c", "a", none())
                .journey("j", "a", "b", "c").simulator();

        Impact i = run(sim, latency("c", 200, 100));

        assertThat(i.service("a").addedP99Ms()).isEqualTo(200);
        assertThat(i.service("b").addedP99Ms()).isEqualTo(200);
        // c->a is the back edge (DFS from the journey entry a), so a's fault would not loop back to c
        assertThat(run(sim, latency("a", 200, 100)).degradedServices()).containsExactly("a");
    }

    @Test
    void aJourneyFeelsOnlyFaultsInTheServicesItUses() {
        Simulator sim = graph().sync("front", "x", none()).sync("front", "y", none())
                .journey("only-x", "front", "x").journey("only-y", "front", "y").simulator();

        Impact i = run(sim, errors("y", 100));

        assertThat(i.degradedJourneys()).containsExactly("only-y");
        assertThat(i.journey("only-x")).isEqualTo(Effect.NONE);
        assertThat(i.service("front").errorRate()).isEqualTo(1.0);
    }

    @Test
    void unavailabilityIsAFastErrorAndAPauseIsAWait() {
        Simulator sim = graph().sync("a", "b", timeout(1000)).simulator();

        Impact down = sim.impact(Fault.of(FaultType.UNAVAILABLE, "b", Magnitude.NONE), Magnitude.NONE);
        Impact paused = sim.impact(Fault.of(FaultType.PAUSE, "b", Magnitude.of("durationMs", 3000)), Magnitude.of("durationMs", 3000));

        assertThat(down.service("a").errorRate()).isEqualTo(1.0);
        assertThat(down.service("a").addedP99Ms()).isZero();
        assertThat(paused.service("a").errorRate()).isEqualTo(1.0);
        assertThat(paused.service("a").addedP99Ms()).isEqualTo(1000);
    }

    @Test
    void smallLatencyBelowTheThresholdDegradesNothing() {
        Impact i = run(graph().sync("a", "b", none()).simulator(), latency("b", 50, 100));

        assertThat(i.degradedServices()).isEmpty();
        assertThat(i.service("a").addedP99Ms()).isEqualTo(50);
    }
}
