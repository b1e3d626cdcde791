package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Resilience;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import dev.assay.testkit.OtlpSpans;
import dev.assay.testkit.SpanGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What traces say about callers' resilience: client timeouts, retries, fallbacks. */
class ResilienceInferenceTest {
    static final Topology SHOP = new Topology("shop",
            List.of(Service.of("api"), Service.of("inventory"), Service.of("recs"), new Service("db", ServiceKind.DATABASE)),
            List.of(new Edge("api", "inventory", true, 1.0, Optional.of(new Resilience(Optional.of(Duration.ofMillis(250)), 2, false, false))),
                    new Edge("api", "recs", true, 1.0, Optional.of(new Resilience(Optional.empty(), 0, true, false))),
                    Edge.of("inventory", "db")),
            List.of(new Journey("buy", "api", Optional.empty(), 1, List.of("inventory", "recs", "db"))));

    static GraphSnapshot discovered() {
        LiveGraph graph = LiveGraph.create(Clock.systemUTC());
        var traces = SpanGenerator.builder(SHOP).seed(11).errorRate(0.25).tracesPerWeight(400).build().traces();
        OtlpDecoder.Result r = OtlpDecoder.decode(OtlpSpans.requestOfTraces(traces));
        graph.ingest(r.spans());
        graph.flush();
        return graph.snapshot();
    }

    @Test
    void failedCallsEndingAtOneDurationAreInferredAsTheClientTimeout() {
        EdgeStats inventory = discovered().edge("api", "inventory").orElseThrow();
        assertThat(inventory.inference().timeout()).hasValue(Duration.ofMillis(250));
    }

    @Test
    void callsWithoutATimeoutShowNone() {
        GraphSnapshot g = discovered();
        assertThat(g.edge("api", "recs").orElseThrow().inference().timeout()).isEmpty();
        assertThat(g.edge("inventory", "db").orElseThrow().inference().timeout()).isEmpty();
    }

    @Test
    void repeatedCallsAfterAFailureUnderOneParentAreRetries() {
        GraphSnapshot g = discovered();
        EdgeStats.Inference inventory = g.edge("api", "inventory").orElseThrow().inference();
        assertThat(inventory.retriedCalls()).isPositive();
        assertThat(inventory.maxRetries()).isEqualTo(2);
        assertThat(g.edge("api", "recs").orElseThrow().inference().retriedCalls()).isZero();
    }

    @Test
    void retriesDoNotCountAsCallsPerRequest() {
        assertThat(discovered().edge("api", "inventory").orElseThrow().callsPerRequest()).isEqualTo(1.0);
    }

    @Test
    void aCallerThatSucceedsAlthoughTheCallFailedHasAFallback() {
        GraphSnapshot g = discovered();
        assertThat(g.edge("api", "recs").orElseThrow().inference().fallbackRatio()).hasValueSatisfying(r -> assertThat(r).isGreaterThan(0.6));
        assertThat(g.edge("api", "inventory").orElseThrow().inference().fallbackRatio()).hasValueSatisfying(r -> assertThat(r).isLessThan(0.1));
    }

    @Test
    void edgeFiguresComeFromTheSpans() {
        EdgeStats db = discovered().edge("inventory", "db").orElseThrow();
        assertThat(db.calls()).isPositive();
        assertThat(db.errorRate()).isBetween(0.15, 0.35);
        assertThat(db.latency().p50Ms()).isBetween(0.5, 3.0);
        assertThat(db.latency().p99Ms()).isGreaterThanOrEqualTo(db.latency().p50Ms());
        assertThat(db.lastSeen()).isAfter(db.firstSeen());
        assertThat(db.callsPerSecond()).isPositive();
    }
}
