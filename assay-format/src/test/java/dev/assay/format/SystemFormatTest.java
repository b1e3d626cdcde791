package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.InvalidInputException;
import dev.assay.model.Problem;
import dev.assay.model.SliDefinition;
import dev.assay.model.Slo;
import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SystemFormatTest {
    static final Path EXAMPLE = Path.of("..", "examples", "assay.yaml");

    static List<String> problems(String yaml) {
        Problems p = Problems.in("assay.yaml");
        assertThat(SystemFormat.parse(yaml, p)).isEmpty();
        return p.list().stream().map(Problem::render).toList();
    }

    static final String VALID = """
            apiVersion: assay/v1
            kind: System
            metadata: {name: shop}
            spec:
              telemetry:
                - {kind: prometheus, url: "http://127.0.0.1:9090"}
              slis:
                - {name: errors, prometheus: "sum(rate(e[$window])) / sum(rate(r[$window]))"}
              slos:
                - {name: avail, sli: errors, objective: 99.9%, window: 30d}
            """;

    @Test
    void theDocumentedExampleReadsCompletely() {
        SystemConfig c = SystemFormat.read(EXAMPLE);
        assertThat(c.name()).isEqualTo("online-boutique");
        assertThat(c.telemetry()).extracting(TelemetrySourceConfig::kind).containsExactly(TelemetrySourceConfig.Kind.OTLP,
                TelemetrySourceConfig.Kind.ZIPKIN, TelemetrySourceConfig.Kind.JAEGER, TelemetrySourceConfig.Kind.OTLP_FILE,
                TelemetrySourceConfig.Kind.PROMETHEUS, TelemetrySourceConfig.Kind.PROXY);
        assertThat(c.source(TelemetrySourceConfig.Kind.PROXY).orElseThrow().options()).containsEntry("edge.currency", "checkout->currency");
        assertThat(c.journeys()).extracting(j -> j.name() + "@" + j.route().orElse("") + "*" + j.weight())
                .containsExactly("browse@GET /product/{id}*3.0", "add-to-cart@POST /cart*5.0", "checkout@POST /cart/checkout*10.0");
        assertThat(c.sli("currency.errors.rate").orElseThrow().source()).isEqualTo(SliDefinition.Source.PROXY);
        assertThat(c.sli("checkout.latency.p99").orElseThrow().kind()).isEqualTo(SliDefinition.Kind.VALUE);
        assertThat(c.sli("currency.latency.p99")).contains(SliDefinition.proxyLatency("currency.latency.p99", "currency", 0.99));
        assertThat(c.slos()).contains(new Slo("checkout-availability", "checkout.errors.rate", 0.999, Duration.ofDays(30)));
        assertThat(c.defaultSafety().exclusionZones()).containsExactly("payment");
        assertThat(c.injectors()).singleElement().satisfies(i -> assertThat(i.options()).containsEntry("leaseTtl", "30s"));
    }

    @Test
    void aMinimalSystemReads() {
        SystemConfig c = SystemFormat.parse("assay.yaml", VALID);
        assertThat(c.slos()).containsExactly(new Slo("avail", "errors", 0.999, Duration.ofDays(30)));
        assertThat(c.journeys()).isEmpty();
    }

    @Test
    void anSloOverAnUnknownSliIsReportedWhereTheSliIsNamed() {
        assertThat(problems(VALID.replace("sli: errors,", "sli: erors,")))
                .containsExactly("assay.yaml:10:26: spec.slos[0].sli: unknown SLI 'erors' (did you mean 'errors'?); define it under spec.slis");
    }

    @Test
    void anObjectiveOutsideZeroToOneIsReported() {
        assertThat(problems(VALID.replace("objective: 99.9%", "objective: 1.5"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:10:45: spec.slos[0].objective: objective must be between 0 and 1"));
    }

    @Test
    void aPrometheusSourceNamesTheMeshWhoseRequestMetricsGiveEdges() {
        SystemConfig c = SystemFormat.parse("assay.yaml", VALID.replace("url: \"http://127.0.0.1:9090\"}", "url: \"http://127.0.0.1:9090\", mesh: istio}"));
        assertThat(c.source(TelemetrySourceConfig.Kind.PROMETHEUS).orElseThrow().options()).isEqualTo(java.util.Map.of("mesh", "istio"));
        assertThat(SystemFormat.parse("assay.yaml", VALID).source(TelemetrySourceConfig.Kind.PROMETHEUS).orElseThrow().options()).isEmpty();
    }

    @Test
    void anUnknownMeshOrAMeshOnAnotherKindIsReportedWhereItIsWritten() {
        assertThat(problems(VALID.replace("url: \"http://127.0.0.1:9090\"}", "url: \"http://127.0.0.1:9090\", mesh: linkerd2}"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:6:62: spec.telemetry[0].mesh: unknown mesh 'linkerd2' (did you mean 'linkerd'?)")
                        .contains("expected one of: istio, linkerd"));
        assertThat(problems(VALID.replace("- {kind: prometheus, url: \"http://127.0.0.1:9090\"}",
                "- {kind: prometheus, url: \"http://127.0.0.1:9090\"}\n    - {kind: zipkin, url: \"http://127.0.0.1:9411\", mesh: istio}")))
                .singleElement().satisfies(p -> assertThat(p).contains("spec.telemetry[1].mesh: 'mesh' only applies to a prometheus source"));
    }

    @Test
    void anUnknownTelemetryKindGetsASuggestion() {
        assertThat(problems(VALID.replace("kind: prometheus", "kind: promethus"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:6:14: spec.telemetry[0].kind: unknown telemetry kind 'promethus' (did you mean 'prometheus'?)"));
    }

    @Test
    void aPromQlWithoutTheWindowPlaceholderIsReported() {
        assertThat(problems(VALID.replace("[$window]", "[5m]"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:8:34: spec.slis[0].prometheus: the PromQL must use $window"));
    }

    @Test
    void everyProblemOfTheFileIsReportedAtOnce() {
        String bad = VALID.replace("kind: System", "kind: Sistem").replace("url: \"http", "listen: \"http")
                .replace("window: 30d", "window: 30");
        assertThat(problems(bad)).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("assay.yaml:2:7: kind: expected kind System"))
                .anySatisfy(p -> assertThat(p).isEqualTo("assay.yaml:6:26: spec.telemetry[0].listen: a prometheus source takes 'url', not 'listen'"))
                .anySatisfy(p -> assertThat(p).isEqualTo("assay.yaml:6:7: spec.telemetry[0].url: missing required field 'url'"))
                .anySatisfy(p -> assertThat(p).startsWith("assay.yaml:10:60: spec.slos[0].window: expected a duration with a unit"));
    }

    static final String PROXY = """
            apiVersion: assay/v1
            kind: System
            metadata: {name: shop}
            spec:
              telemetry:
                - {kind: proxy, url: "http://127.0.0.1:8474/metrics"}
              slis:
                - {name: cart.latency.p99, proxy: cart, kind: value, latency: p99}
            """;

    @Test
    void aProxyLatencySliNamesItsPercentile() {
        assertThat(SystemFormat.parse("assay.yaml", PROXY).sli("cart.latency.p99"))
                .contains(SliDefinition.proxyLatency("cart.latency.p99", "cart", 0.99));
        assertThat(SystemFormat.parse("assay.yaml", PROXY.replace("kind: value, latency: p99", "latency: p99.9")).sli("cart.latency.p99")
                .flatMap(SliDefinition::latency).orElseThrow()).isCloseTo(0.999, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aLatencyPercentileThatIsNoneOrAnErrorRatioOrFromPrometheusIsReported() {
        assertThat(problems(PROXY.replace("latency: p99", "latency: 99"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:8:67: spec.slis[0].latency: expected a percentile such as p50"));
        assertThat(problems(PROXY.replace("kind: value", "kind: error-ratio"))).singleElement()
                .satisfies(p -> assertThat(p).contains("spec.slis[0].latency: a latency percentile is a value in ms"));
        assertThat(problems(PROXY.replace("proxy: cart", "prometheus: \"x[$window]\""))).singleElement()
                .satisfies(p -> assertThat(p).contains("'latency' reads a percentile of the proxy's histogram"));
    }

    @Test
    void anSloNeedsAnErrorRatioSli() {
        String yaml = VALID.replace("{name: errors, prometheus:", "{name: errors, kind: value, prometheus:");
        assertThat(problems(yaml)).singleElement().satisfies(p -> assertThat(p).contains("is of kind value; an SLO needs an error-ratio SLI"));
    }

    @Test
    void aBadSafetyDefaultIsReportedLikeAnIntentsSafety() {
        assertThatThrownBy(() -> SystemFormat.parse("assay.yaml", VALID + "  safety: {budgetFraction: 2}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("assay.yaml:11:28: spec.safety.budgetFraction: budgetFraction must be in (0, 1]");
    }

    @Test
    void theSafetyDefaultsIncludeABlastRadiusLimit() {
        var sys = SystemFormat.parse("assay.yaml", VALID + "  safety: {exclusionZones: [payment], maxBlastRadius: 3}\n");
        assertThat(sys.defaultSafety().maxBlastRadius()).hasValue(3);
        assertThat(sys.defaultSafety().exclusionZones()).containsExactly("payment");
        assertThat(sys.defaultSafety().minSteadyState()).as("not set: imposes nothing").isEqualTo(dev.assay.model.Safety.NONE.minSteadyState());
        assertThat(SystemFormat.parse("assay.yaml", VALID).defaultSafety()).isEqualTo(dev.assay.model.Safety.NONE);
        assertThatThrownBy(() -> SystemFormat.parse("assay.yaml", VALID + "  safety: {maxBlastRadius: 1.5}\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("spec.safety.maxBlastRadius: maxBlastRadius must be a whole number");
    }

    @Test
    void anIntentFileIsNotASystemFile() {
        assertThat(problems(VALID.replace("kind: System", "kind: Intent"))).singleElement()
                .satisfies(p -> assertThat(p).isEqualTo("assay.yaml:2:7: kind: expected kind System in a system file, got 'Intent'"));
    }
}
