package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Edge;
import dev.assay.testkit.Jvm;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shop's traces reach a real OTLP/HTTP receiver and describe exactly the planted topology. */
class ShopTracesTest {
    @Test
    void tracesReachTheReceiverAndTheirParentChildLinksGiveThePlantedEdges() throws Exception {
        try (OtlpCollector collector = new OtlpCollector();
             Shop shop = Shop.builder().otlpEndpoint(collector.endpoint()).traceFlush(Duration.ofMillis(100))
                     .javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()).start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 5; i++) {
                for (var req : List.of(HttpRequest.newBuilder(shop.frontend().resolve("/?user=u" + i)).GET(),
                        HttpRequest.newBuilder(shop.frontend().resolve("/cart?user=u" + i + "&product=OLJCESPC7Z")).POST(HttpRequest.BodyPublishers.noBody()),
                        HttpRequest.newBuilder(shop.frontend().resolve("/checkout?user=u" + i)).POST(HttpRequest.BodyPublishers.noBody()),
                        HttpRequest.newBuilder(shop.frontend().resolve("/ask?user=u" + i + "&product=OLJCESPC7Z")).GET())) {
                    assertThat(http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
                }
            }
            Set<String> expected = PlantedTruth.load().topology().edges().stream().map(Edge::key).collect(Collectors.toCollection(TreeSet::new));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Set<String> edges = Set.of();
            while (System.nanoTime() < deadline && !(edges = edges(collector.spans())).equals(expected)) Thread.sleep(200);
            assertThat(edges).isEqualTo(expected);
        }
    }

    @Test
    void emailFromTheChildProcessIsAnAsynchronousConsumerOfCheckout() throws Exception {
        try (OtlpCollector collector = new OtlpCollector();
             Shop shop = Shop.builder().otlpEndpoint(collector.endpoint()).traceFlush(Duration.ofMillis(100))
                     .javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()).start()) {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(shop.frontend().resolve("/checkout?user=u1"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            long deadline = System.nanoTime() + dev.assay.testkit.ChildJvms.GENEROUS.toNanos();
            while (System.nanoTime() < deadline && !(collector.spans().stream().anyMatch(r -> r.service().equals("email"))
                    && collector.spans().stream().anyMatch(r -> r.span().getKind() == Span.SpanKind.SPAN_KIND_PRODUCER))) Thread.sleep(100);
            List<OtlpCollector.Received> spans = collector.spans();
            OtlpCollector.Received consumer = spans.stream().filter(r -> r.service().equals("email")).findFirst().orElseThrow();
            assertThat(consumer.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CONSUMER);
            OtlpCollector.Received producer = spans.stream().filter(r -> r.span().getSpanId().equals(consumer.span().getParentSpanId())).findFirst().orElseThrow();
            assertThat(producer.service()).isEqualTo("checkout");
            assertThat(producer.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
            assertThat(producer.span().getTraceId()).isEqualTo(consumer.span().getTraceId());
        }
    }

    @Test
    void theAssistantsCallsToTheLlmAreClientSpansNamingAnUninstrumentedPeerOnePerAttempt() throws Exception {
        try (OtlpCollector collector = new OtlpCollector();
             Shop shop = Shop.builder().otlpEndpoint(collector.endpoint()).traceFlush(Duration.ofMillis(100))
                     .javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()).start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(shop.frontend().resolve("/ask?q=when+does+it+ship")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("\"fallback\":false");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && llmCalls(collector.spans()).isEmpty()) Thread.sleep(100);
            List<OtlpCollector.Received> calls = llmCalls(collector.spans());
            assertThat(calls).hasSize(1).allSatisfy(c -> assertThat(c.service()).isEqualTo("assistant"));
            assertThat(collector.spans()).as("the LLM, like a hosted API, sends no spans").noneMatch(x -> x.service().equals("llm"));
            OtlpCollector.Received server = collector.spans().stream().filter(x -> x.span().getSpanId().equals(calls.get(0).span().getParentSpanId()))
                    .findFirst().orElseThrow();
            assertThat(server.service()).isEqualTo("assistant");
            assertThat(server.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        }
    }

    private static List<OtlpCollector.Received> llmCalls(List<OtlpCollector.Received> spans) {
        return spans.stream().filter(x -> x.span().getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .filter(x -> x.span().getAttributesList().stream().anyMatch(a -> a.getKey().equals("peer.service") && a.getValue().getStringValue().equals("llm")))
                .toList();
    }

    /**
     * caller->callee for every SERVER/CONSUMER span whose parent is a CLIENT/PRODUCER span of another service, and
     * caller->peer for every CLIENT span whose {@code peer.service} sends no spans of its own (the LLM, an external API).
     */
    static Set<String> edges(List<OtlpCollector.Received> spans) {
        Map<com.google.protobuf.ByteString, OtlpCollector.Received> byId = new HashMap<>();
        for (OtlpCollector.Received r : spans) byId.put(r.span().getSpanId(), r);
        Set<String> edges = new TreeSet<>();
        for (OtlpCollector.Received r : spans) {
            Span.SpanKind k = r.span().getKind();
            if (k != Span.SpanKind.SPAN_KIND_SERVER && k != Span.SpanKind.SPAN_KIND_CONSUMER) continue;
            OtlpCollector.Received parent = byId.get(r.span().getParentSpanId());
            if (parent != null && !parent.service().equals(r.service())) edges.add(parent.service() + "->" + r.service());
        }
        Set<String> instrumented = spans.stream().map(OtlpCollector.Received::service).collect(Collectors.toSet());
        for (OtlpCollector.Received r : spans) {
            if (r.span().getKind() != Span.SpanKind.SPAN_KIND_CLIENT) continue;
            r.span().getAttributesList().stream().filter(a -> a.getKey().equals("peer.service")).map(a -> a.getValue().getStringValue())
                    .filter(peer -> !instrumented.contains(peer)).forEach(peer -> edges.add(r.service() + "->" + peer));
        }
        return edges;
    }
}
