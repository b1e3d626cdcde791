package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.format.IntentFormat;
import dev.assay.model.Fault;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.spi.Lease;
import dev.assay.testkit.FreePorts;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The AI-API faults of an intent become Assay's HTTP-mode toxics; a TCP-mode proxy refuses them with the reason. */
class StreamToxicsTest {
    static Fault fault(String spec) {
        String intent = """
                apiVersion: assay/v1
                kind: Intent
                metadata: {id: assistant-x}
                spec:
                  targetBehavior: assistant
                  hypothesis: The assistant copes.
                  fault: {%s}
                  expect: [{sli: assistant.errors.rate, below: 1%%}]
                """.formatted(spec);
        return IntentFormat.parseOne("t.intent.yaml", intent, Optional.empty()).fault();
    }

    static ObjectNode toxic(String spec) {
        Fault f = fault(spec);
        return ToxiproxyInjector.toxic(f, f.peak(), true);
    }

    @Test
    void rateLimitIsAnHttpRateLimitWithRetryAfterInSecondsAndAQuotaWhenGiven() {
        ObjectNode share = toxic("type: rate-limit, target: llm, magnitude: {retryAfter: 1500ms, style: anthropic}, scope: {percent: 30, pathPrefix: /v1}");
        assertThat(share.toString()).isEqualTo("{\"attributes\":{\"status\":429,\"retry_after\":2,\"style\":\"anthropic\",\"percent\":30.0,"
                + "\"path_prefix\":\"/v1\"},\"stream\":\"downstream\",\"toxicity\":1.0,\"type\":\"http_rate_limit\"}");
        ObjectNode quota = toxic("type: rate-limit, target: llm, magnitude: {quota: 5, windowMs: 2s}");
        assertThat(quota.get("attributes").get("quota").asLong()).isEqualTo(5);
        assertThat(quota.get("attributes").get("window_ms").asLong()).isEqualTo(2000);
        assertThat(quota.get("attributes").get("style").asText()).isEqualTo("openai");
    }

    @Test
    void overloadedSlowStreamStreamCutAndMalformedBodyMapToTheirToxics() {
        assertThat(toxic("type: overloaded, target: llm, magnitude: {status: 529}").toString())
                .contains("\"type\":\"http_overloaded\"").contains("\"status\":529").contains("\"style\":\"openai\"");
        assertThat(toxic("type: slow-stream, target: llm, magnitude: {firstEventDelayMs: 2s, betweenEventsDelayMs: 50}, scope: {method: POST}")
                .toString()).contains("\"type\":\"slow_stream\"").contains("\"first_event_delay\":2000").contains("\"between_events_delay\":50")
                .contains("\"method\":\"POST\"").contains("\"percent\":100.0");
        ObjectNode cut = toxic("type: stream-cut, target: llm, magnitude: {afterEvents: 3}");
        assertThat(cut.get("type").asText()).isEqualTo("stream_cut");
        assertThat(cut.get("attributes").get("after_events").asLong()).isEqualTo(3);
        assertThat(cut.get("attributes").has("after_bytes")).as("only the cut asked for").isFalse();
        assertThat(cut.get("attributes").get("final_event").asLong()).isZero();
        assertThat(toxic("type: malformed-body, target: llm, magnitude: {mode: wrong-type, field: choices}, scope: {percent: 20}").toString())
                .contains("\"type\":\"malformed_body\"").contains("\"mode\":\"wrong_type\"").contains("\"field\":\"choices\"").contains("\"percent\":20.0");
    }

    @Test
    void aTcpModeProxyRefusesAnAiFaultWithTheReasonAndNothingIsCreated() {
        Fault f = fault("type: slow-stream, target: llm, magnitude: {firstEventDelayMs: 2s}");
        assertThatThrownBy(() -> ToxiproxyInjector.toxic(f, f.peak(), false)).isInstanceOf(RunnerException.class)
                .hasMessageContaining("proxy 'llm' is in TCP mode").hasMessageContaining("mode: http");
        try (FaultProxy proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build()) {
            proxy.createProxy(new ProxySpec("llm", "127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next(), true, ProxySpec.Mode.TCP));
            ToxiproxyInjector injector = ToxiproxyInjector.create(java.net.URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort()),
                    Clock.systemUTC());
            assertThatThrownBy(() -> injector.apply(f, f.peak(), new Lease("l1", Instant.now().plusSeconds(30))))
                    .isInstanceOf(RunnerException.class).hasMessageContaining("TCP mode");
            assertThat(proxy.proxy("llm").orElseThrow().toxics()).isEmpty();
        }
    }
}
