package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.proxy.ToxicSpec.Stream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The AI-API toxics as a real HTTP client sees them: rate limits, overload, malformed JSON; and bad attributes. */
class AiFaultsTest {
    @RegisterExtension
    final LlmProxy llm = new LlmProxy();

    @Test
    void rateLimitAnswers429WithRetryAfterAndAnOpenAiOrAnthropicBody() throws Exception {
        llm.toxic("rl", "http_rate_limit", Map.of("retry_after", 2, "path_prefix", "/v1"));
        HttpResponse<String> r = llm.post("/v1/chat/completions");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("retry-after")).contains("2");
        JsonNode openai = ApiJson.MAPPER.readTree(r.body());
        assertThat(openai.at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(llm.post("/json").statusCode()).isEqualTo(200);
        assertThat(llm.upstream().connections).isNotEmpty();

        llm.proxy().updateToxic(LlmProxy.NAME, new ToxicSpec("rl", "http_rate_limit", Stream.DOWNSTREAM, 1, Map.of("style", "anthropic"),
                Optional.empty(), Optional.empty()));
        r = llm.post("/v1/messages");
        assertThat(r.headers().firstValue("retry-after")).contains("1");
        JsonNode anthropic = ApiJson.MAPPER.readTree(r.body());
        assertThat(anthropic.get("type").asText()).isEqualTo("error");
        assertThat(anthropic.at("/error/type").asText()).isEqualTo("rate_limit_error");

        llm.removeToxic("rl");
        assertThat(llm.post("/v1/messages").statusCode()).isEqualTo(200);
    }

    @Test
    void aQuotaLetsNRequestsPassPerWindow() throws Exception {
        llm.toxic("quota", "http_rate_limit", Map.of("quota", 3, "window_ms", 600_000));
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) statuses.add(llm.post("/json").statusCode());
        assertThat(statuses).containsExactly(200, 200, 200, 429, 429, 429);
    }

    @Test
    void overloadedAnswers529WithARetryableAnthropicBody() throws Exception {
        llm.toxic("busy", "http_overloaded", Map.of("status", 529, "style", "anthropic"));
        HttpResponse<String> r = llm.post("/v1/messages");
        assertThat(r.statusCode()).isEqualTo(529);
        assertThat(r.headers().firstValue("x-should-retry")).contains("true");
        assertThat(ApiJson.MAPPER.readTree(r.body()).at("/error/type").asText()).isEqualTo("overloaded_error");
        llm.removeToxic("busy");
        llm.toxic("busy", "http_overloaded", Map.of());
        assertThat(llm.post("/v1/chat/completions").statusCode()).isEqualTo(503);
    }

    @Test
    void malformedBodyTruncatesCorruptsOrRetypesTheJson() throws Exception {
        llm.toxic("bad", "malformed_body", Map.of("mode", "truncate"));
        String truncated = llm.post("/json").body();
        assertThat(truncated).hasSize(SseUpstream.JSON.length() / 2);
        assertThatThrownBy(() -> ApiJson.MAPPER.readTree(truncated)).isInstanceOf(JsonProcessingException.class);

        llm.removeToxic("bad");
        llm.toxic("bad", "malformed_body", Map.of("mode", "corrupt"));
        String corrupt = llm.post("/json").body();
        assertThatThrownBy(() -> ApiJson.MAPPER.readTree(corrupt)).isInstanceOf(JsonProcessingException.class);

        llm.removeToxic("bad");
        llm.toxic("bad", "malformed_body", Map.of("mode", "wrong_type", "field", "choices"));
        JsonNode retyped = ApiJson.MAPPER.readTree(llm.post("/json").body());
        assertThat(retyped.get("choices").isTextual()).isTrue();
        assertThat(retyped.at("/usage/total_tokens").asInt()).isEqualTo(7);

        llm.removeToxic("bad");
        assertThat(ApiJson.MAPPER.readTree(llm.post("/json").body()).get("choices").isArray()).isTrue();
    }

    @Test
    void malformedBodyRewritesEachStreamedEvent() throws Exception {
        llm.toxic("bad", "malformed_body", Map.of("mode", "wrong_type", "field", "content"));
        String body = llm.post("/events?n=2&gap=0").body();
        assertThat(body).contains("data: {\"choices\":[{\"delta\":{\"content\":42}}]}").contains("data: [DONE]");
    }

    @Test
    void badAttributesAreClear400s() throws Exception {
        var bad = Map.of(
                "{\"type\":\"http_rate_limit\",\"attributes\":{\"style\":\"google\"}}", "must be one of openai, anthropic",
                "{\"type\":\"http_rate_limit\",\"attributes\":{\"window_ms\":1000}}", "needs attributes.quota",
                "{\"type\":\"http_overloaded\",\"attributes\":{\"status\":429}}", "between 500 and 599",
                "{\"type\":\"slow_stream\",\"attributes\":{}}", "first_event_delay and/or",
                "{\"type\":\"stream_cut\",\"attributes\":{\"final_event\":1}}", "after_events and/or attributes.after_bytes",
                "{\"type\":\"stream_cut\",\"attributes\":{\"after_events\":1.5}}", "whole number",
                "{\"type\":\"malformed_body\",\"attributes\":{\"mode\":\"wrong_type\"}}", "needs attributes.field",
                "{\"type\":\"malformed_body\",\"attributes\":{}}", "attributes.mode",
                "{\"type\":\"slow_stream\",\"attributes\":{\"first_event_delay\":\"2s\"}}", "must be a number");
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = Wire.call(llm.proxy(), "POST", "/proxies/llm/toxics", e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(ApiJson.MAPPER.readTree(r.body()).get("error").asText()).as(e.getKey()).contains(e.getValue());
        }
        HttpResponse<String> r = Wire.call(llm.proxy(), "POST", "/proxies",
                "{\"name\":\"x\",\"mode\":\"http\",\"upstream\":\"" + llm.upstream().address() + "\",\"http_reuse\":\"sometimes\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("http_reuse must be never, safe or always");
    }
}
