package dev.assay.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.AbortCondition;
import dev.assay.model.Intent;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.planner.PlanRequest;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SystemSafetyTest {
    static final AbortCondition ERRORS = new AbortCondition("checkout.errors.rate", AbortCondition.Trigger.ABOVE, Quantity.ratio(0.01));
    static final AbortCondition ORDERS = new AbortCondition("business.orders.rate", AbortCondition.Trigger.DROPS_BY, Quantity.ratio(0.02));

    static Intent withSafety(Safety s) {
        Intent i = PreflightGateTest.intent(List.of());
        return new Intent(i.id(), i.owner(), i.targetBehavior(), i.hypothesis(), i.fault(), i.expect(), i.mechanism(), i.blastRadius(), s);
    }

    @Test
    void bindingKeepsADeclaredSteadyStateApartFromTheExpectations() {
        Intent base = withSafety(Safety.DEFAULTS);
        Intent declared = new Intent(base.id(), base.owner(), base.targetBehavior(), base.hypothesis(), base.fault(), base.expect(),
                base.mechanism(), base.blastRadius(), base.safety(), List.of());
        Safety system = new Safety(0.001, List.of("payment"), List.of(), Duration.ZERO, Duration.ofMinutes(15));
        Intent bound = SystemSafety.bind(system, "assay.yaml", List.of(declared)).intents().get(0);
        assertThat(bound.steadyState()).isEqualTo(declared.steadyState()).isNotEqualTo(bound.expect());
        assertThat(bound.safety().exclusionZones()).contains("payment");
    }

    @Test
    void theStricterValueWinsInEveryField() {
        Safety system = new Safety(0.001, List.of("payment"), List.of(ERRORS), Duration.ofMinutes(5), Duration.ofMinutes(15), OptionalInt.of(2));
        Safety own = new Safety(0.01, List.of("email"), List.of(ORDERS), Duration.ofMinutes(1), Duration.ofMinutes(10));
        Safety merged = SystemSafety.stricter(system, own);
        assertThat(merged.budgetFraction()).isEqualTo(0.001);
        assertThat(merged.exclusionZones()).containsExactlyInAnyOrder("payment", "email");
        assertThat(merged.abortWhen()).containsExactlyInAnyOrder(ERRORS, ORDERS);
        assertThat(merged.minSteadyState()).isEqualTo(Duration.ofMinutes(5));
        assertThat(merged.maxDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(merged.maxBlastRadius()).hasValue(2);
        Safety reversed = SystemSafety.stricter(own, system);
        assertThat(reversed.exclusionZones()).containsExactlyInAnyOrderElementsOf(merged.exclusionZones());
        assertThat(reversed.budgetFraction()).isEqualTo(merged.budgetFraction());
    }

    @Test
    void bindingSaysWhereTheSystemFileWon() {
        Safety system = new Safety(0.001, List.of("payment"), List.of(), Duration.ofMinutes(1), Duration.ofMinutes(10));
        SystemSafety.Bound b = SystemSafety.bind(system, "assay.yaml", List.of(withSafety(Safety.DEFAULTS)));
        assertThat(b.intents().get(0).safety().budgetFraction()).isEqualTo(0.001);
        assertThat(b.notes()).contains(
                "intent checkout-tolerates-inventory-latency: safety: budgetFraction 0.001 from assay.yaml (stricter than the intent's 0.01)",
                "intent checkout-tolerates-inventory-latency: safety: exclusionZones [payment] from assay.yaml (added to the intent's [])");
    }

    @Test
    void anIntentStricterThanTheSystemKeepsItsOwnValuesAndGetsNoNote() {
        Safety own = new Safety(0.0001, List.of("payment"), List.of(), Duration.ofMinutes(10), Duration.ofMinutes(2), OptionalInt.of(1));
        SystemSafety.Bound b = SystemSafety.bind(Safety.DEFAULTS, "assay.yaml", List.of(withSafety(own)));
        assertThat(b.intents().get(0).safety()).isEqualTo(own);
        assertThat(b.notes()).isEmpty();
    }

    @Test
    void aSystemFileThatSetsNothingChangesNoIntent() {
        Safety own = new Safety(0.02, List.of("email"), List.of(ORDERS), Duration.ofSeconds(1), Duration.ofMinutes(30), OptionalInt.of(4));
        SystemSafety.Bound b = SystemSafety.bind(Safety.NONE, "assay.yaml", List.of(withSafety(own), withSafety(Safety.DEFAULTS)));
        assertThat(b.intents()).extracting(Intent::safety).containsExactly(own, Safety.DEFAULTS);
        assertThat(b.notes()).isEmpty();
        assertThat(SystemSafety.constrain(PlanRequest.defaults(), Safety.NONE)).isEqualTo(PlanRequest.defaults());
    }

    @Test
    void thePlanRequestGetsTheSystemsZonesAndBlastRadiusLimit() {
        Safety system = new Safety(0.01, List.of("payment"), List.of(), Duration.ofMinutes(1), Duration.ofMinutes(10), OptionalInt.of(3));
        PlanRequest r = SystemSafety.constrain(PlanRequest.defaults().withExclusionZones(List.of("email")), system);
        assertThat(r.exclusionZones()).containsExactly("email", "payment");
        assertThat(r.maxBlastRadius()).isEqualTo(3);
    }
}
