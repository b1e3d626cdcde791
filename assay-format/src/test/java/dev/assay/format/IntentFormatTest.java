package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.AbortCondition;
import dev.assay.model.Expectation;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Mechanism;
import dev.assay.model.Problem;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Topology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntentFormatTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    static final Topology BOUTIQUE = TopologyFormat.read(EXAMPLES.resolve("topologies/online-boutique.topology.json"));

    static final String VALID = """
            apiVersion: assay/v1
            kind: Intent
            metadata: {id: checkout-tolerates-catalog-latency, owner: team-checkout}
            spec:
              targetBehavior: checkout
              hypothesis: Checkout copes with a slow catalog.
              fault: {type: latency, target: productcatalog, magnitude: {delayMs: 500}, scope: {percent: 10}}
              expect:
                - {sli: checkout.latency.p99, below: 400ms}
                - {sli: checkout.errors.rate, below: 0.1%}
              mechanism: circuit-breaker(checkout->productcatalog)
              safety:
                budgetFraction: 0.001
                exclusionZones: [payment]
                abortWhen: [{sli: business.orders.rate, dropsBy: 2%}]
                minSteadyState: 15m
                maxDuration: 20m
            """;

    static List<Problem> problems(String text, Optional<Topology> topology) {
        Problems p = Problems.in("t.intent.yaml");
        IntentFormat.parse(text, topology, p);
        return p.list();
    }

    static List<Problem> problems(String text) {
        return problems(text, Optional.of(BOUTIQUE));
    }

    @Test
    void readsEveryFieldOfTheProductFormat() {
        Intent i = IntentFormat.parseOne("t.intent.yaml", VALID, Optional.of(BOUTIQUE));
        assertThat(i.id()).isEqualTo("checkout-tolerates-catalog-latency");
        assertThat(i.owner()).contains("team-checkout");
        assertThat(i.fault().type()).isEqualTo(FaultType.LATENCY);
        assertThat(i.fault().peak().get("delayMs")).hasValue(500);
        assertThat(i.fault().scope().percent()).isEqualTo(10);
        assertThat(i.expect()).containsExactly(
                new Expectation("checkout.latency.p99", Expectation.Comparison.BELOW, Quantity.millis(400)),
                new Expectation("checkout.errors.rate", Expectation.Comparison.BELOW, Quantity.ratio(0.001)));
        assertThat(i.mechanism()).contains(new Mechanism(Mechanism.Kind.CIRCUIT_BREAKER, "checkout", "productcatalog"));
        assertThat(i.safety().abortWhen()).containsExactly(new AbortCondition("business.orders.rate", AbortCondition.Trigger.DROPS_BY, Quantity.ratio(0.02)));
        assertThat(i.safety().minSteadyState()).isEqualTo(Duration.ofMinutes(15));
        assertThat(i.safety().budgetFraction()).isEqualTo(0.001);
    }

    @Test
    void missingSafetyTakesTheDefaults() {
        Intent i = IntentFormat.parseOne("t.intent.yaml", VALID.substring(0, VALID.indexOf("  safety:")), Optional.empty());
        assertThat(i.safety()).isEqualTo(Safety.DEFAULTS);
    }

    @Test
    void readsSeveralIntentsFromOneYamlStream() {
        String second = VALID.replace("checkout-tolerates-catalog-latency", "second");
        assertThat(IntentFormat.parse("t.intent.yaml", VALID + "---\n" + second, Optional.empty()))
                .extracting(Intent::id).containsExactly("checkout-tolerates-catalog-latency", "second");
    }

    @Test
    void duplicateIdsInOneFileAreRejected() {
        assertThat(problems(VALID + "---\n" + VALID)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("metadata.id");
            assertThat(p.line()).isEqualTo(21);
            assertThat(p.message()).contains("duplicate intent id").contains("first used at 3:16");
        });
    }

    @Test
    void malformedYamlIsOneProblemAtTheBrokenLine() {
        assertThat(problems("apiVersion: assay/v1\nkind: Intent\nspec: {fault: [\n"))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isGreaterThanOrEqualTo(3);
                    assertThat(p.message()).startsWith("malformed YAML");
                });
    }

    @Test
    void unknownFieldSuggestsTheClosestKnownOne() {
        assertThat(problems(VALID.replace("  hypothesis:", "  hypothesys:")))
                .anySatisfy(p -> {
                    assertThat(p.line()).isEqualTo(6);
                    assertThat(p.column()).isEqualTo(3);
                    assertThat(p.field()).isEqualTo("spec.hypothesys");
                    assertThat(p.message()).contains("did you mean 'hypothesis'?");
                });
    }

    @Test
    void missingRequiredFieldIsReportedAtItsMapping() {
        assertThat(problems(VALID.replace("  targetBehavior: checkout\n", "")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.targetBehavior");
                    assertThat(p.message()).contains("missing required field 'targetBehavior'");
                    assertThat(p.line()).isEqualTo(5);
                });
    }

    @Test
    void wrongTypeNamesWhatWasExpected() {
        assertThat(problems(VALID.replace("budgetFraction: 0.001", "budgetFraction: [0.001]")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.safety.budgetFraction");
                    assertThat(p.message()).contains("a list");
                    assertThat(p.line()).isEqualTo(13);
                });
    }

    @Test
    void badUnitsAreReportedWithTheUnitsThatWork() {
        List<Problem> ps = problems(VALID.replace("below: 400ms", "below: 400 parsecs").replace("15m", "15"));
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0)).satisfies(p -> {
            assertThat(p.line()).isEqualTo(9);
            assertThat(p.field()).isEqualTo("spec.expect[0].below");
            assertThat(p.message()).contains("400 parsecs").contains("400ms");
        });
        assertThat(ps.get(1).field()).isEqualTo("spec.safety.minSteadyState");
        assertThat(ps.get(1).message()).contains("duration with a unit");
    }

    @Test
    void unknownFaultTypeListsTheValidOnes() {
        assertThat(problems(VALID.replace("type: latency", "type: latncy")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.fault.type");
                    assertThat(p.line()).isEqualTo(7);
                    assertThat(p.message()).contains("did you mean 'latency'?").contains("slow-close").contains("pause");
                });
    }

    @Test
    void unknownMagnitudeParameterNamesTheParametersOfTheType() {
        assertThat(problems(VALID.replace("{delayMs: 500}", "{delayMs: 500, jiter: 5}")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.fault.magnitude.jiter");
                    assertThat(p.message()).contains("jitterMs");
                });
    }

    @Test
    void budgetFractionOutsideZeroToOneIsRejected() {
        assertThat(problems(VALID.replace("budgetFraction: 0.001", "budgetFraction: 1.5")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.safety.budgetFraction");
                    assertThat(p.message()).contains("(0, 1]");
                    assertThat(p.line()).isEqualTo(13);
                    assertThat(p.column()).isEqualTo(21);
                });
        assertThat(problems(VALID.replace("budgetFraction: 0.001", "budgetFraction: 0"))).hasSize(1);
        assertThat(problems(VALID.replace("budgetFraction: 0.001", "budgetFraction: 100%"))).isEmpty();
    }

    @Test
    void faultTargetOutsideTheTopologyIsRejectedWithASuggestion() {
        assertThat(problems(VALID.replace("target: productcatalog", "target: productcatalogue")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.fault.target");
                    assertThat(p.message()).contains("did you mean 'productcatalog'?");
                });
        assertThat(problems(VALID.replace("target: productcatalog", "target: productcatalogue"), Optional.empty())).isEmpty();
    }

    @Test
    void targetBehaviorMustBeAJourneyOrAServiceOfTheTopology() {
        assertThat(problems(VALID.replace("targetBehavior: checkout", "targetBehavior: signup")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.targetBehavior");
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.message()).contains("neither a journey nor a service").contains("browse");
                });
        assertThat(problems(VALID.replace("targetBehavior: checkout", "targetBehavior: cart"))).isEmpty();
    }

    @Test
    void mechanismMustSitOnAnEdgeOfTheTopology() {
        assertThat(problems(VALID.replace("circuit-breaker(checkout->productcatalog)", "circuit-breaker(payment->productcatalog)")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.mechanism");
                    assertThat(p.message()).contains("no edge payment->productcatalog");
                });
    }

    @Test
    void exclusionZonesMustNameServicesOfTheTopology() {
        assertThat(problems(VALID.replace("exclusionZones: [payment]", "exclusionZones: [payment, payment-auth]")))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.safety.exclusionZones[1]");
                    assertThat(p.line()).isEqualTo(14);
                    assertThat(p.column()).isEqualTo(31);
                });
    }

    @Test
    void targetInsideItsOwnExclusionZonesIsRejectedEvenWithoutATopology() {
        assertThat(problems(VALID.replace("exclusionZones: [payment]", "exclusionZones: [payment, productcatalog]"), Optional.empty()))
                .singleElement().satisfies(p -> {
                    assertThat(p.field()).isEqualTo("spec.fault.target");
                    assertThat(p.line()).isEqualTo(7);
                    assertThat(p.message()).contains("inside this intent's own exclusion zones");
                });
    }

    @Test
    void reportsEveryProblemOfAFileNotJustTheFirst() {
        String broken = VALID.replace("type: latency", "type: latncy").replace("budgetFraction: 0.001", "budgetFraction: 2")
                .replace("  hypothesis:", "  hypothesys:").replace("minSteadyState: 15m", "minSteadyState: soon");
        // the misspelt key is both unknown and leaves 'hypothesis' missing: 5 problems
        assertThat(problems(broken)).extracting(Problem::field).containsExactly("spec.hypothesis", "spec.hypothesys",
                "spec.fault.type", "spec.safety.budgetFraction", "spec.safety.minSteadyState");
        assertThatThrownBy(() -> IntentFormat.parse("t.intent.yaml", broken, Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).problems()).hasSize(5))
                .hasMessageContaining("t.intent.yaml:7:");
    }

    @Test
    void rampAndMagnitudeTogetherAreRejected() {
        assertThat(problems(VALID.replace("magnitude: {delayMs: 500}", "magnitude: {delayMs: 500}, ramp: [{delayMs: 1}]")))
                .singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("spec.fault.ramp"));
    }

    @Test
    void readsARampOfLevels() {
        Intent i = IntentFormat.parseOne("t.intent.yaml", VALID.replace("magnitude: {delayMs: 500}", "ramp: [{delayMs: 100}, {delayMs: 1s, jitterMs: 5}]"), Optional.empty());
        assertThat(i.fault().levels()).hasSize(2);
        assertThat(i.fault().peak().get("delayMs")).hasValue(1000);
    }

    @Test
    void readsTheSameIntentFromJson() {
        String json = """
                {"apiVersion": "assay/v1", "kind": "Intent", "metadata": {"id": "x"},
                 "spec": {"targetBehavior": "checkout", "hypothesis": "h",
                          "fault": {"type": "abort", "target": "cart"},
                          "expect": [{"sli": "checkout.errors.rate", "below": "1%"}],
                          "safety": {"budgetFraction": "120%"}}}
                """;
        Problems p = Problems.in("x.intent.json");
        IntentFormat.parse(json, Optional.of(BOUTIQUE), p);
        assertThat(p.list()).singleElement().satisfies(pr -> {
            assertThat(pr.line()).isEqualTo(5);
            assertThat(pr.field()).isEqualTo("spec.safety.budgetFraction");
        });
    }

    @Test
    void everyBundledExampleIntentIsValidAgainstOnlineBoutique() throws Exception {
        try (var files = java.nio.file.Files.list(EXAMPLES.resolve("intents"))) {
            List<Path> all = files.toList();
            assertThat(all).hasSizeGreaterThanOrEqualTo(4);
            for (Path f : all) assertThat(IntentFormat.read(f, Optional.of(BOUTIQUE))).as(f.toString()).isNotEmpty();
        }
    }

    @Test
    void aFailFastIntentDeclaresItsSteadyStateApartFromWhatItExpectsDuringTheFault() {
        String text = VALID.replace("""
                  expect:
                    - {sli: checkout.latency.p99, below: 400ms}
                    - {sli: checkout.errors.rate, below: 0.1%}
                """, """
                  steadyState:
                    - {sli: checkout.errors.rate, below: 1%}
                  expect:
                    - {sli: checkout.errors.rate, above: 5%}
                    - {sli: checkout.latency.p99, below: 400ms}
                """);
        Intent i = IntentFormat.parseOne("t.intent.yaml", text, Optional.empty());
        assertThat(i.steadyState()).singleElement().satisfies(e -> assertThat(e.comparison()).isEqualTo(dev.assay.model.Expectation.Comparison.BELOW));
        assertThat(i.expect()).hasSize(2);
        assertThat(i.declaresSteadyState()).isTrue();
        assertThat(IntentFormat.parseOne("p.intent.yaml", IntentFormat.print(i), Optional.empty())).isEqualTo(i);
        assertThat(IntentFormat.parseOne("t.intent.yaml", VALID, Optional.empty()).steadyState()).as("default: the expectations")
                .isEqualTo(IntentFormat.parseOne("t.intent.yaml", VALID, Optional.empty()).expect());
    }
}
