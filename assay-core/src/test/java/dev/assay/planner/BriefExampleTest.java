package dev.assay.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.ChaosScale;
import dev.assay.belief.Prediction;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.model.Edge;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Journey;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PRODUCT.md's example: checkout tolerates slow inventory thanks to a declared circuit breaker. */
class BriefExampleTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final Topology SHOP = new Topology("shop",
            List.of(Service.of("frontend"), Service.of("checkout"), Service.of("inventory"), Service.of("payment"), Service.of("catalog")),
            List.of(Edge.of("frontend", "checkout"), Edge.of("checkout", "inventory"), Edge.of("checkout", "payment"), Edge.of("frontend", "catalog")),
            List.of(new Journey("checkout", "frontend", Optional.empty(), 10, List.of("checkout", "inventory", "payment")),
                    new Journey("browse", "frontend", Optional.empty(), 3, List.of("catalog"))));

    static Intent inventoryLatency() {
        Fault f = new Fault(FaultType.LATENCY, "inventory", List.of(Magnitude.of("delayMs", 500)), Scope.percent(10));
        return new Intent("checkout-tolerates-inventory-latency", Optional.of("team-checkout"), "checkout",
                "Checkout completes within SLO when inventory reads are slow", f,
                List.of(new Expectation("checkout.latency.p99", Expectation.Comparison.BELOW, Quantity.millis(400))),
                Mechanism.parse("circuit-breaker(checkout->inventory)"), Optional.empty(),
                new Safety(0.001, List.of("payment-auth"), List.of(), java.time.Duration.ofMinutes(15), java.time.Duration.ofMinutes(20)));
    }

    static Belief belief(List<Intent> intents) {
        return Belief.create(SystemGraph.of(SHOP), Priors.of(Map.of(), intents), Belief.Settings.DEFAULTS, CLOCK);
    }

    @Test
    void aDeclaredCircuitBreakerPredictsASmallBlastRadius() {
        Prediction withBreaker = belief(List.of(inventoryLatency())).predict(inventoryLatency().fault());
        Prediction without = belief(List.of()).predict(inventoryLatency().fault());
        assertThat(withBreaker.service("checkout")).isLessThan(0.15);
        assertThat(withBreaker.journey("checkout")).isLessThan(0.15);
        assertThat(withBreaker.expectedSize()).isLessThan(without.expectedSize() / 2);
    }

    @Test
    void anExperimentOnAnUndeclaredUncertainEdgeRanksAboveTheDeclaredOne() {
        Plan plan = Planner.create(belief(List.of(inventoryLatency())), List.of(inventoryLatency()))
                .plan(PlanRequest.defaults().withTop(1000).withBudget(1e6, 1.0));
        Candidate intent = plan.candidates().stream().filter(c -> c.intent().isPresent()).findFirst().orElseThrow();
        Candidate payment = plan.candidates().stream()
                .filter(c -> c.fault().target().equals("payment") && c.fault().type() == FaultType.LATENCY)
                .filter(c -> ChaosScale.level(c.fault()) == ChaosScale.level(inventoryLatency().fault())).findFirst().orElseThrow();
        assertThat(payment.score()).isGreaterThan(intent.score());
        assertThat(plan.candidates().indexOf(payment)).isLessThan(plan.candidates().indexOf(intent));
        assertThat(payment.eigBits()).isGreaterThan(intent.eigBits());
    }

    @Test
    void anIntentWhoseOutcomeIsAlreadyCertainIsReportedRedundantWithPHolds() {
        Fault onCatalog = Fault.of(FaultType.LATENCY, "catalog", Magnitude.of("delayMs", 500));
        Intent certain = new Intent("checkout-ignores-catalog", Optional.empty(), "checkout", "checkout does not use catalog", onCatalog,
                List.of(), Optional.empty(), Optional.empty(), Safety.DEFAULTS);
        Plan plan = Planner.create(belief(List.of()), List.of(certain)).plan(PlanRequest.defaults());
        assertThat(plan.redundant()).containsExactly(new Plan.Redundant("checkout-ignores-catalog", 1.0));
        assertThat(plan.candidates()).noneMatch(c -> c.intent().isPresent());
    }

    @Test
    void aRampIntentIsScoredOverItsLevels() {
        Fault ramp = new Fault(FaultType.LATENCY, "payment", List.of(Magnitude.of("delayMs", 100), Magnitude.of("delayMs", 400),
                Magnitude.of("delayMs", 1600)), Scope.percent(5));
        Intent intent = new Intent("checkout-absorbs-payment-latency", Optional.empty(), "checkout", "ramp", ramp, List.of(),
                Optional.empty(), Optional.empty(), Safety.DEFAULTS);
        Plan plan = Planner.create(belief(List.of()), List.of(intent)).plan(PlanRequest.defaults().withTop(1000).withBudget(1e6, 1.0));
        Candidate c = plan.candidates().stream().filter(x -> x.intent().isPresent()).findFirst().orElseThrow();
        Candidate peakOnly = plan.candidates().stream().filter(x -> x.intent().isEmpty() && x.fault().target().equals("payment")
                && x.fault().type() == FaultType.LATENCY && ChaosScale.level(x.fault()) == ChaosScale.level(ramp)).findFirst().orElseThrow();
        assertThat(c.runnable()).isTrue();
        assertThat(c.eigBits()).isGreaterThan(peakOnly.eigBits());
    }

    @Test
    void intentsExclusionZonesAlsoBlockGeneratedCandidates() {
        Plan plan = Planner.create(belief(List.of()), List.of(inventoryLatency())).plan(PlanRequest.defaults().withTop(1000).withBudget(1e6, 1.0));
        Intent withZone = new Intent("x", Optional.empty(), "checkout", "h", inventoryLatency().fault(), List.of(), Optional.empty(), Optional.empty(),
                new Safety(0.01, List.of("payment"), List.of(), java.time.Duration.ZERO, java.time.Duration.ofMinutes(5)));
        Plan zoned = Planner.create(belief(List.of()), List.of(withZone)).plan(PlanRequest.defaults().withTop(1000).withBudget(1e6, 1.0));
        assertThat(plan.candidates()).anyMatch(c -> c.runnable() && c.fault().target().equals("payment"));
        assertThat(zoned.candidates()).filteredOn(c -> c.fault().target().equals("payment"))
                .allSatisfy(c -> assertThat(c.blockedBy()).anyMatch(r -> r.startsWith("exclusion-zone")));
    }
}
