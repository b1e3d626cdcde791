package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.assay.model.SliDefinition;
import dev.assay.model.Slo;
import dev.assay.spi.Reading;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.PrometheusServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Burn rates through a real Prometheus scraping a test exporter with known counters. Windows are seconds
 * long so the test runs in ~20 s; the exporter's scrape log gives the hand-computed expectation.
 */
class ErrorBudgetPrometheusTest {
    static final SliDefinition ERRORS = new SliDefinition("checkout.errors.rate", SliDefinition.Source.PROMETHEUS,
            "sum(rate(test_errors_total[$window])) / sum(rate(test_requests_total[$window]))", SliDefinition.Kind.ERROR_RATIO);
    static final Slo SLO = new Slo("checkout-availability", "checkout.errors.rate", 0.99, Duration.ofSeconds(14));
    static final BurnRatePolicy POLICY = new BurnRatePolicy(List.of(
            new BurnRatePolicy.Window("fast", Duration.ofSeconds(10), Duration.ofSeconds(3), 14.4),
            new BurnRatePolicy.Window("slow", Duration.ofSeconds(12), Duration.ofSeconds(5), 6)));
    static final int SCRAPES = 15;

    static TestExporter exporter;
    static PrometheusServer prometheus;
    static List<Sample> requests;
    static List<Sample> errors;

    @BeforeAll
    static void scrape() throws Exception {
        assumeThat(PrometheusServer.available()).as("Debian's prometheus package").isTrue();
        // 1 error per 100 requests for 9 scrapes, then 20 per 100: the short windows see the incident first.
        exporter = new TestExporter(n -> n <= 9 ? 1 : 20);
        prometheus = PrometheusServer.start(exporter.target(), Duration.ofSeconds(1));
        dev.assay.testkit.ChildJvms.await(() -> exporter.log().size() >= SCRAPES + 1, dev.assay.testkit.ChildJvms.GENEROUS,
                () -> "Prometheus scraped the exporter " + exporter.log().size() + " times, not " + (SCRAPES + 1));
        requests = samples("test_requests_total");
        errors = samples("test_errors_total");
        assertThat(requests).as("Prometheus stored every scrape").hasSizeGreaterThanOrEqualTo(SCRAPES);
        assertThat(errors).hasSameSizeAs(requests);
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) prometheus.close();
        if (exporter != null) exporter.close();
    }

    /** One stored sample of a counter, as Prometheus timestamped it (the start of its scrape). */
    record Sample(Instant at, double value) {
    }

    /** Prometheus's own samples of {@code metric}: its timestamps, not the exporter's, decide which samples a window holds. */
    static List<Sample> samples(String metric) throws Exception {
        URI query = prometheus.baseUri().resolve("/api/v1/query?query=" + metric + "%5B10m%5D");
        String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(query).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        List<Sample> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode v : new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)
                .path("data").path("result").path(0).path("values")) {
            out.add(new Sample(Instant.ofEpochMilli(Math.round(v.get(0).asDouble() * 1000)), Double.parseDouble(v.get(1).asText())));
        }
        return out;
    }

    /**
     * Half a scrape interval after the last sample used: every window edge is far from any sample. From Prometheus's
     * timestamps: on a loaded machine a scrape can start hundreds of milliseconds before the exporter logs serving it.
     */
    static Instant evaluationTime() {
        return requests.get(SCRAPES - 1).at().plusMillis(500).truncatedTo(ChronoUnit.MILLIS);
    }

    /** By hand: the extrapolation of rate() is the same for both counters (same scrapes), so it cancels. */
    static double expectedRatio(Instant t, Duration window) {
        return delta(errors, t, window) / delta(requests, t, window);
    }

    private static double delta(List<Sample> samples, Instant t, Duration window) {
        List<Sample> in = samples.stream().filter(s -> s.at().isAfter(t.minus(window)) && !s.at().isAfter(t)).toList();
        return in.get(in.size() - 1).value() - in.get(0).value();
    }

    @Test
    void burnRatesThroughARealPrometheusMatchTheHandComputation() {
        Instant t = evaluationTime();
        Clock at = Clock.fixed(t, ZoneOffset.UTC);
        ErrorBudgets budgets = ErrorBudgets.create(PrometheusSliSource.create(prometheus.baseUri(), List.of(ERRORS), at), POLICY, at);

        BudgetStatus status = budgets.status(SLO);

        assertThat(status).isInstanceOf(BudgetStatus.Known.class);
        BudgetStatus.Known known = (BudgetStatus.Known) status;
        assertThat(known.errorRatio()).isCloseTo(expectedRatio(t, SLO.window()), Offset.offset(1e-9));
        // Prometheus is taken to cover the whole window: consumed = ratio / budget, clamped to [0, 1].
        assertThat(known.remaining()).isCloseTo(Math.max(0, 1 - expectedRatio(t, SLO.window()) / 0.01), Offset.offset(1e-6));
        for (BudgetStatus.BurnRate r : known.burnRates()) {
            assertThat(r.longRate()).as(r.name() + " long").isCloseTo(expectedRatio(t, r.longWindow()) / 0.01, Offset.offset(1e-6));
            assertThat(r.shortRate()).as(r.name() + " short").isCloseTo(expectedRatio(t, r.shortWindow()) / 0.01, Offset.offset(1e-6));
        }
        // 20% errors for the last 6 scrapes: 20x burn on the short windows; the 10 s window mixes in calm scrapes.
        assertThat(known.burnRates().get(0).shortRate()).isCloseTo(20.0, Offset.offset(1e-6));
        assertThat(known.burnRates().get(0).longRate()).isBetween(6.0, 20.0);
    }

    @Test
    void anSliWithNoSeriesIsUnknown() {
        Clock at = Clock.fixed(evaluationTime(), ZoneOffset.UTC);
        SliDefinition missing = new SliDefinition("ghost", SliDefinition.Source.PROMETHEUS, "sum(rate(no_such_metric[$window]))", SliDefinition.Kind.ERROR_RATIO);
        assertThat(PrometheusSliSource.create(prometheus.baseUri(), List.of(missing), at).read("ghost", Duration.ofSeconds(5)))
                .isInstanceOf(Reading.Unknown.class);
    }

    @Test
    void anUnreachablePrometheusMakesTheBudgetUnknownNotFull() {
        Clock at = Clock.systemUTC();
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.next());
        BudgetStatus status = ErrorBudgets.create(PrometheusSliSource.create(nobody, List.of(ERRORS), at), POLICY, at).status(SLO);
        assertThat(status).isInstanceOfSatisfying(BudgetStatus.Unknown.class,
                u -> assertThat(u.reason()).contains("cannot reach"));
    }
}
