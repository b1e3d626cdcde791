package dev.assay.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.AbortCondition;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.safety.PreflightDecision.Refusal.Kind;
import dev.assay.spi.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PreflightGateTest {
    static final Instant NOW = Instant.parse("2026-11-25T04:00:00Z");
    static final String P99 = "checkout.latency.p99";
    static final String ORDERS = "business.orders.rate";

    static Intent intent(List<String> exclusionZones) {
        return new Intent("checkout-tolerates-inventory-latency", Optional.empty(), "checkout", "h",
                Fault.of(FaultType.LATENCY, "inventory", Magnitude.of("delayMs", 500)),
                List.of(new Expectation(P99, Expectation.Comparison.BELOW, Quantity.millis(400))), Optional.empty(), Optional.empty(),
                new Safety(0.01, exclusionZones, List.of(new AbortCondition(ORDERS, AbortCondition.Trigger.DROPS_BY, Quantity.ratio(0.02))),
                        Duration.ofMinutes(1), Duration.ofMinutes(5)));
    }

    static Reading known(String sli, double v) {
        return new Reading.Known(sli, v, 100, NOW);
    }

    static PreflightInput healthy() {
        return new PreflightInput(intent(List.of("payment")), known("budget", 0.8), 0.001, Map.of(P99, known(P99, 120)),
                Map.of(P99, known(P99, 130)), Map.of(ORDERS, known(ORDERS, 50)), List.of("inventory", "checkout"), List.of());
    }

    static PreflightInput with(PreflightInput in, Reading budget, Map<String, Reading> recent, Map<String, Reading> steady,
                               Map<String, Reading> guards, List<String> radius, List<PreflightInput.RunningExperiment> running) {
        return new PreflightInput(in.intent(), budget, in.expectedCost(), recent, steady, guards, radius, running);
    }

    private static List<Kind> kinds(PreflightDecision d) {
        return ((PreflightDecision.Refused) d).refusals().stream().map(PreflightDecision.Refusal::kind).toList();
    }

    @Test
    void aHealthySystemIsCleared() {
        assertThat(PreflightGate.check(healthy())).isInstanceOf(PreflightDecision.Cleared.class);
    }

    @Test
    void aSpentBudgetIsRefused() {
        PreflightInput h = healthy();
        PreflightDecision d = PreflightGate.check(with(h, known("budget", 0), h.recent(), h.steadyState(), h.guardSources(), h.predictedBlastRadius(), List.of()));
        assertThat(kinds(d)).containsExactly(Kind.BUDGET);
        assertThat(((PreflightDecision.Refused) d).reason()).contains("spent");
    }

    @Test
    void lessBudgetLeftThanTheIntentsFractionIsRefused() {
        PreflightInput h = healthy();
        assertThat(kinds(PreflightGate.check(with(h, known("budget", 0.005), h.recent(), h.steadyState(), h.guardSources(), h.predictedBlastRadius(), List.of()))))
                .containsExactly(Kind.BUDGET);
    }

    @Test
    void anUnreadableBudgetIsRefused() {
        PreflightInput h = healthy();
        assertThat(kinds(PreflightGate.check(with(h, new Reading.Unknown("budget", "connection refused"), h.recent(), h.steadyState(),
                h.guardSources(), h.predictedBlastRadius(), List.of())))).containsExactly(Kind.SOURCE_UNKNOWN);
    }

    @Test
    void aDegradedTargetIsRefusedAsDegraded() {
        PreflightInput h = healthy();
        PreflightDecision d = PreflightGate.check(with(h, h.budgetRemaining(), Map.of(P99, known(P99, 900)), h.steadyState(), h.guardSources(),
                h.predictedBlastRadius(), List.of()));
        assertThat(((PreflightDecision.Refused) d).onlyDegraded()).isTrue();
    }

    @Test
    void aSteadyStateThatDidNotHoldIsRefused() {
        PreflightInput h = healthy();
        assertThat(kinds(PreflightGate.check(with(h, h.budgetRemaining(), h.recent(), Map.of(P99, known(P99, 450)), h.guardSources(),
                h.predictedBlastRadius(), List.of())))).containsExactly(Kind.NOT_STEADY);
    }

    @Test
    void anUnansweringGuardSourceIsRefused() {
        PreflightInput h = healthy();
        assertThat(kinds(PreflightGate.check(with(h, h.budgetRemaining(), h.recent(), h.steadyState(),
                Map.of(ORDERS, new Reading.Unknown(ORDERS, "prometheus unreachable")), h.predictedBlastRadius(), List.of()))))
                .containsExactly(Kind.SOURCE_UNKNOWN);
        assertThat(kinds(PreflightGate.check(with(h, h.budgetRemaining(), h.recent(), h.steadyState(), Map.of(), h.predictedBlastRadius(), List.of()))))
                .containsExactly(Kind.SOURCE_UNKNOWN);
    }

    @Test
    void anUnreadableCriterionIsRefused() {
        PreflightInput h = healthy();
        assertThat(kinds(PreflightGate.check(with(h, h.budgetRemaining(), Map.of(), Map.of(P99, new Reading.Unknown(P99, "no data")),
                h.guardSources(), h.predictedBlastRadius(), List.of())))).containsOnly(Kind.SOURCE_UNKNOWN);
    }

    @Test
    void anOverlappingRunningExperimentIsRefused() {
        PreflightInput h = healthy();
        PreflightDecision d = PreflightGate.check(with(h, h.budgetRemaining(), h.recent(), h.steadyState(), h.guardSources(), h.predictedBlastRadius(),
                List.of(new PreflightInput.RunningExperiment("other", List.of("checkout")))));
        assertThat(kinds(d)).containsExactly(Kind.OVERLAPPING_EXPERIMENT);
        assertThat(PreflightGate.check(with(h, h.budgetRemaining(), h.recent(), h.steadyState(), h.guardSources(), h.predictedBlastRadius(),
                List.of(new PreflightInput.RunningExperiment("other", List.of("search")))))).isInstanceOf(PreflightDecision.Cleared.class);
    }

    @Property(tries = 200)
    void nothingReachingAnExclusionZoneIsEverCleared(@ForAll @Size(max = 4) List<@StringLength(min = 1, max = 3) String> radius,
                                                     @ForAll @StringLength(min = 1, max = 3) String zone) {
        PreflightInput h = healthy();
        List<String> withZone = new java.util.ArrayList<>(radius);
        withZone.add(zone);
        PreflightInput in = new PreflightInput(intent(List.of(zone)), h.budgetRemaining(), h.expectedCost(), h.recent(), h.steadyState(),
                h.guardSources(), withZone, List.of());
        assertThat(PreflightGate.check(in)).isInstanceOf(PreflightDecision.Refused.class);
        assertThat(kinds(PreflightGate.check(in))).contains(Kind.EXCLUSION_ZONE);
    }

    @Test
    void aFaultTargetingAnExclusionZoneIsRefused() {
        PreflightInput h = healthy();
        PreflightInput in = new PreflightInput(intent(List.of("inventory")), h.budgetRemaining(), h.expectedCost(), h.recent(), h.steadyState(),
                h.guardSources(), List.of(), List.of());
        assertThat(kinds(PreflightGate.check(in))).containsExactly(Kind.EXCLUSION_ZONE);
    }
    @Test
    void aServiceAnotherRunningExperimentExcludesIsRefused() {
        PreflightInput h = healthy();
        PreflightInput target = new PreflightInput(h.intent(), h.budgetRemaining(), h.expectedCost(), h.recent(), h.steadyState(), h.guardSources(),
                h.predictedBlastRadius(), List.of(), Map.of("inventory", "cart-exp-1"));
        assertThat(((PreflightDecision.Refused) PreflightGate.check(target)).reason())
                .contains("the fault targets inventory, an exclusion zone of experiment cart-exp-1, which is running");
        PreflightInput reach = new PreflightInput(h.intent(), h.budgetRemaining(), h.expectedCost(), h.recent(), h.steadyState(), h.guardSources(),
                h.predictedBlastRadius(), List.of(), Map.of("checkout", "cart-exp-1"));
        assertThat(kinds(PreflightGate.check(reach))).containsExactly(Kind.EXCLUSION_ZONE);
    }

    @Test
    void morePredictedServicesThanMaxBlastRadiusIsRefused() {
        PreflightInput h = healthy();
        Safety s = h.intent().safety();
        Intent limited = new Intent(h.intent().id(), h.intent().owner(), h.intent().targetBehavior(), h.intent().hypothesis(), h.intent().fault(),
                h.intent().expect(), h.intent().mechanism(), h.intent().blastRadius(),
                new Safety(s.budgetFraction(), s.exclusionZones(), s.abortWhen(), s.minSteadyState(), s.maxDuration(), java.util.OptionalInt.of(1)));
        PreflightInput one = new PreflightInput(limited, h.budgetRemaining(), h.expectedCost(), h.recent(), h.steadyState(), h.guardSources(),
                List.of("inventory", "checkout"), List.of());
        assertThat(PreflightGate.check(one)).isInstanceOf(PreflightDecision.Cleared.class); // the target itself does not count
        PreflightInput two = new PreflightInput(limited, h.budgetRemaining(), h.expectedCost(), h.recent(), h.steadyState(), h.guardSources(),
                List.of("inventory", "checkout", "frontend"), List.of());
        assertThat(kinds(PreflightGate.check(two))).containsExactly(Kind.BLAST_RADIUS);
    }
}
