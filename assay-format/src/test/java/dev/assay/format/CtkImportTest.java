package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Expectation;
import dev.assay.model.FaultType;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Problem;
import dev.assay.model.Quantity;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CtkImportTest {
    static final Path LATENCY = Path.of("..", "examples", "ctk", "catalog-latency.experiment.json");
    static final Path MIXED = Path.of("src", "test", "resources", "ctk", "mixed.experiment.yaml");

    @Test
    void toxiproxyLatencyActionBecomesALatencyFault() {
        CtkImport.Result r = CtkImport.read(LATENCY, Optional.empty());
        assertThat(r.intent().fault().type()).isEqualTo(FaultType.LATENCY);
        assertThat(r.intent().fault().target()).isEqualTo("productcatalog");
        assertThat(r.intent().fault().peak().get("delayMs")).as("resolved from ${catalog_latency}").hasValue(500);
        assertThat(r.intent().fault().peak().get("jitterMs")).hasValue(50);
    }

    @Test
    void importedIntentValidatesAgainstTheTopology() {
        CtkImport.Result r = CtkImport.read(LATENCY, Optional.empty());
        String yaml = IntentFormat.print(r.intent());
        assertThat(IntentFormat.parseOne("imported.intent.yaml", yaml, Optional.of(IntentFormatTest.BOUTIQUE))).isEqualTo(r.intent());
    }

    @Test
    void titleAndDescriptionBecomeTheHypothesis() {
        CtkImport.Result r = CtkImport.read(LATENCY, Optional.empty());
        assertThat(r.intent().id()).isEqualTo("checkout-copes-with-a-slow-product-catalog");
        assertThat(r.intent().hypothesis()).startsWith("Checkout copes with a slow product catalog. Add 500 ms")
                .contains("Steady state: The shop answers");
    }

    @Test
    void httpStatusProbeBecomesAnErrorRateAndItsTimeoutALatencyBound() {
        CtkImport.Result r = CtkImport.read(LATENCY, Optional.empty());
        assertThat(r.intent().targetBehavior()).isEqualTo("frontend");
        assertThat(r.intent().expect()).containsExactly(
                new Expectation("frontend.errors.rate", Expectation.Comparison.BELOW, Quantity.ratio(0.01)),
                new Expectation("frontend.latency.p99", Expectation.Comparison.BELOW, Quantity.millis(2000)));
    }

    @Test
    void targetBehaviorCanBeGiven() {
        assertThat(CtkImport.read(LATENCY, Optional.of("checkout")).intent().expect())
                .extracting(Expectation::sli).containsExactly("checkout.errors.rate", "checkout.latency.p99");
    }

    @Test
    void everythingUnmappedIsReportedAsAWarningWithItsPosition() {
        CtkImport.Result r = CtkImport.read(LATENCY, Optional.empty());
        assertThat(r.warnings()).extracting(Problem::field).contains("tags", "method[0].pauses", "method[1]", "rollbacks[0]");
        assertThat(r.warnings()).filteredOn(w -> w.field().equals("rollbacks[0]")).singleElement()
                .satisfies(w -> {
                    assertThat(w.message()).contains("implicit");
                    assertThat(w.line()).isEqualTo(41);
                });
        assertThat(r.warnings()).allSatisfy(w -> assertThat(w.line()).isPositive());
    }

    @Test
    void genericCreateToxicMapsTypeToxicityAndWarnsAboutTheRest() {
        CtkImport.Result r = CtkImport.read(MIXED, Optional.empty());
        assertThat(r.intent().fault().type()).isEqualTo(FaultType.RESET);
        assertThat(r.intent().fault().peak().get("timeoutMs")).hasValue(100);
        assertThat(r.intent().fault().scope().percent()).isEqualTo(50);
        assertThat(r.intent().targetBehavior()).isEqualTo("cart");
        assertThat(r.intent().expect()).extracting(Expectation::sli).containsExactly("cart.errors.rate", "cart.latency.p99");
        assertThat(r.warnings()).extracting(Problem::field).contains(
                "secrets", "controls",
                "steady-state-hypothesis.probes[1]",
                "method[0]",
                "method[1].provider.arguments.stream",
                "method[2]",
                "method[3]",
                "rollbacks[0]", "rollbacks[1]");
        assertThat(r.warnings()).filteredOn(w -> w.field().equals("method[2]")).anySatisfy(w -> assertThat(w.message()).contains("second fault action"));
        assertThat(r.warnings()).filteredOn(w -> w.field().equals("method[3]")).anySatisfy(w -> assertThat(w.message()).contains("no Assay fault equivalent"));
        assertThat(r.warnings()).filteredOn(w -> w.field().equals("rollbacks[1]")).anySatisfy(w -> assertThat(w.message()).contains("not run by Assay"));
    }

    @Test
    void eachToxiproxyShortcutMapsToItsFaultType() {
        String[][] cases = {
                {"create_bandwith_degradation_toxic", "rate: 100", "bandwidth", "rateKbps"},
                {"create_slow_connection_close_toxic", "delay: 1000", "slow-close", "delayMs"},
                {"create_slicer_toxic", "average_size: 64, size_variation: 8, delay: 10", "slicer", "averageSize"},
                {"create_timeout_toxic", "timeout: 0", "unavailable", ""},
        };
        for (String[] c : cases) {
            String yaml = "title: t\nmethod:\n  - type: action\n    name: a\n    provider: {type: python, module: chaostoxi.toxic.actions, func: "
                    + c[0] + ", arguments: {for_proxy: cart, toxic_name: x, " + c[1] + "}}\n";
            CtkImport.Result r = CtkImport.parse("x.yaml", yaml, Optional.empty());
            assertThat(r.intent().fault().type().id()).as(c[0]).isEqualTo(c[2]);
            if (!c[3].isEmpty()) assertThat(r.intent().fault().peak().get(c[3])).as(c[0]).isPresent();
            assertThat(r.warnings()).as("placeholder expectation is announced").anySatisfy(w -> assertThat(w.message()).contains("placeholder"));
        }
    }

    @Test
    void disablingAProxyIsAnUnavailableFault() {
        String yaml = "title: t\nmethod:\n  - {type: action, name: off, provider: {type: python, module: chaostoxi.proxy.actions, func: disable_proxy, arguments: {proxy_name: ad}}}\n";
        assertThat(CtkImport.parse("x.yaml", yaml, Optional.empty()).intent().fault().type()).isEqualTo(FaultType.UNAVAILABLE);
    }

    @Test
    void experimentWithoutAnyMappableFaultIsInvalidInput() {
        String yaml = "title: t\nmethod:\n  - {type: action, name: limit, provider: {type: python, module: chaostoxi.toxic.actions, func: create_limiter_toxic,"
                + " arguments: {for_proxy: a, toxic_name: l, bytes_limit: 10}}}\n";
        assertThatThrownBy(() -> CtkImport.parse("x.yaml", yaml, Optional.empty()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("x.yaml:2:1: method: no action in the method maps to an Assay fault")
                .hasMessageContaining("create_latency_toxic");
    }

    @Test
    void assaysExtensionToxicsThroughCreateToxicBecomeAiFaults() {
        CtkImport.Result r = CtkImport.read(Path.of("src", "test", "resources", "ctk", "llm-rate-limit.experiment.json"), Optional.empty());
        var f = r.intent().fault();
        assertThat(f.type()).isEqualTo(FaultType.RATE_LIMIT);
        assertThat(f.target()).isEqualTo("llm");
        assertThat(f.peak().values()).as("retry_after seconds become retryAfter milliseconds")
                .isEqualTo(java.util.Map.of("status", 429.0, "retryAfter", 2000.0));
        assertThat(f.peak().texts()).isEqualTo(java.util.Map.of("style", "anthropic"));
        assertThat(f.scope().percent()).as("Assay's percent attribute is the share of calls").isEqualTo(50);
        assertThat(r.warnings()).extracting(Problem::message).anySatisfy(m -> assertThat(m).contains("second fault action 'break-llm-json'"));
        String yaml = IntentFormat.print(r.intent());
        assertThat(IntentFormat.parseOne("imported.intent.yaml", yaml, Optional.empty())).isEqualTo(r.intent());
    }
}
