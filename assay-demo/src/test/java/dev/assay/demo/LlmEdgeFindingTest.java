package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link LlmEdgeFinding} reads from the edge's counters: the same rules must tell a right assistant from the planted one. */
class LlmEdgeFindingTest {
    static final Fault RATE_LIMIT = new Fault(FaultType.RATE_LIMIT, "llm", List.of(new Magnitude(Map.of("status", 429.0, "retryAfter", 1000.0), Map.of())),
            Scope.percent(60));
    static final Fault OVERLOAD = new Fault(FaultType.OVERLOADED, "llm", List.of(new Magnitude(Map.of("status", 529.0), Map.of())), Scope.percent(30));
    static final Fault SLOW = new Fault(FaultType.SLOW_STREAM, "llm", List.of(new Magnitude(Map.of("firstEventDelayMs", 3000.0), Map.of())),
            Scope.percent(100));

    /** {@code questions} answered at {@code latencyMs} each, with the given calls, failures, canned answers, 429s and refusals. */
    static LlmCounts counts(double questions, double calls, double failed, double fallbacks, double limited, double refused, double latencyMs) {
        double[] buckets = new double[Metrics.BUCKETS_SECONDS.length];
        for (int i = 0; i < buckets.length; i++) buckets[i] = Metrics.BUCKETS_SECONDS[i] * 1000 >= latencyMs ? questions : 0;
        return new LlmCounts(5000, questions, failed, refused, fallbacks, limited, calls, buckets);
    }

    static final LlmCounts BASELINE = counts(100, 100, 0, 0, 0, 0, 40);

    static LlmEdgeFinding of(Fault f, LlmCounts during) {
        return LlmEdgeFinding.of("i", f, new LlmEdgeMeter.Windows(BASELINE, during, during)).orElseThrow();
    }

    @Test
    void immediateRetriesOfA429AreRetriesWithoutBackoffWithTheCallsPerQuestion() {
        LlmEdgeFinding f = of(RATE_LIMIT, counts(100, 196, 22, 0, 118, 0, 45));
        assertThat(f.mechanisms()).containsExactly("retries-without-backoff");
        assertThat(f.text()).isEqualTo("assistant -> llm: retries 429s at once: 2.0 LLM calls per question during the fault vs 1.0 before"
                + " (questions took 45 ms at p50: Retry-After 1000 ms ignored, no backoff)");
    }

    @Test
    void retriesThatWaitTheRetryAfterAreRetriesWithBackoff() {
        LlmEdgeFinding f = of(RATE_LIMIT, counts(100, 196, 22, 0, 118, 0, 1100));
        assertThat(f.mechanisms()).containsExactly("retries-with-backoff");
        assertThat(f.text()).contains("Retry-After 1000 ms waited for");
    }

    @Test
    void anAssistantThatDoesNotRetryShowsNoRetries() {
        assertThat(of(RATE_LIMIT, counts(100, 100, 60, 0, 60, 0, 40)).mechanisms()).isEmpty();
    }

    @Test
    void cannedAnswersWithNoFailedQuestionAreAFallbackThatAbsorbs() {
        LlmEdgeFinding f = of(OVERLOAD, counts(100, 100, 0, 31, 0, 0, 40));
        assertThat(f.mechanisms()).containsExactly("fallback");
        assertThat(f.text()).isEqualTo("assistant -> llm: fallback absorbs overloaded: 31% of answers degraded to the canned answer, 0% of questions failed");
    }

    @Test
    void failuresWithoutCannedAnswersAreNoFallback() {
        LlmEdgeFinding f = of(OVERLOAD, counts(100, 100, 30, 0, 0, 0, 40));
        assertThat(f.mechanisms()).isEmpty();
        assertThat(f.failedShare()).isEqualTo(0.3);
    }

    @Test
    void answersSlowerThanTheFirstTokenDelayShowNoTimeoutAndFasterOnesATimeout() {
        assertThat(of(SLOW, counts(20, 12, 8, 0, 0, 8, 3050)).mechanisms()).containsExactly("no-timeout");
        LlmEdgeFinding bounded = of(SLOW, counts(20, 20, 20, 0, 0, 0, 1000));
        assertThat(bounded.mechanisms()).isEmpty();
        assertThat(bounded.text()).contains("a timeout bounds the wait");
    }

    @Test
    void countsParseTheAssistantsAndTheProxysPrometheusText() {
        Metrics m = new Metrics("assistant");
        m.record("/assistant", 200, 0.04);
        m.record("/assistant", 503, 0.002);
        m.record("/health", 200, 0.001);
        m.increment("fallback_assistant");
        m.increment("llm_rate_limited");
        m.increment("llm_rate_limited");
        String proxy = """
                assay_proxy_http_requests_total{proxy="llm",callee="llm",caller="assistant",cohort="all",route="/v1/chat/completions",status_class="2xx"} 3
                assay_proxy_http_requests_total{proxy="llm",callee="llm",caller="assistant",cohort="all",route="/v1/chat/completions",status_class="4xx"} 2
                assay_proxy_http_requests_total{proxy="cart",callee="cart",caller="frontend",cohort="all",route="/cart",status_class="2xx"} 9
                """;
        LlmCounts c = LlmCounts.parse(m.render(), proxy, 0);
        assertThat(c.questions()).isEqualTo(2);
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.fallbacks()).isEqualTo(1);
        assertThat(c.rateLimited()).isEqualTo(2);
        assertThat(c.llmCalls()).isEqualTo(5);
        assertThat(c.slowerThan(10)).isEqualTo(1);
    }
}
