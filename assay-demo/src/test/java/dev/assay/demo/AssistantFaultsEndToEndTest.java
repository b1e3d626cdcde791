package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.format.IntentFormat;
import dev.assay.model.Fault;
import dev.assay.model.Intent;
import dev.assay.proxy.FaultProxy;
import dev.assay.proxy.ProxySpec;
import dev.assay.runner.ToxiproxyInjector;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import dev.assay.testkit.FreePorts;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The assistant's planted AI weaknesses, seen through Assay's real fault proxy (HTTP mode) in front of the real
 * LLM stub, each fault applied from its demo intent ({@code examples/demo/assistant-*}) by the runner's proxy
 * injector; the fallback intents the demo's campaign does not run from {@code examples/demo-ai}.
 */
class AssistantFaultsEndToEndTest {
    static final Path INTENTS = Path.of("..", "examples", "demo");
    /** The fallback intents the demo's campaign does not run (one errors tolerance per edge in the belief). */
    static final Path MORE_INTENTS = Path.of("..", "examples", "demo-ai");
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static LlmStub stub;
    static FaultProxy proxy;
    static OtlpExporter exporter;
    static ServiceNode assistant;
    static ToxiproxyInjector injector;

    @BeforeAll
    static void start() {
        stub = LlmStub.start(0, Duration.ofMillis(2));
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        int listen = FreePorts.next();
        proxy.createProxy(new ProxySpec("llm", "127.0.0.1:" + listen, "127.0.0.1:" + stub.port(), true, ProxySpec.Mode.HTTP));
        Directory directory = new Directory();
        directory.set("llm", new InetSocketAddress("127.0.0.1", listen));
        exporter = new OtlpExporter(Optional.empty(), Duration.ofSeconds(1));
        assistant = AssistantService.define(new ServiceNode("assistant", exporter, Clock.systemUTC(), Duration.ZERO), directory, HTTP).start(0);
        injector = ToxiproxyInjector.create(api(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        assistant.close();
        exporter.close();
        proxy.close();
        stub.close();
    }

    static URI api() {
        return URI.create("http://127.0.0.1:" + proxy.apiAddress().getPort());
    }

    static Map<String, Intent> intents() throws Exception {
        Map<String, Intent> byId = new TreeMap<>();
        try (Stream<Path> files = Stream.concat(Files.list(INTENTS), Files.list(MORE_INTENTS))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("assistant-") && p.toString().endsWith(".intent.yaml")).toList()) {
                Intent i = IntentFormat.parseOne(f.toString(), Files.readString(f), Optional.empty());
                byId.put(i.id(), i);
            }
        }
        return byId;
    }

    /** Asks the proxy's API: an unknown toxic type is refused with the list of the known ones. */
    static boolean proxyKnows(String toxicType) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(api() + "/proxies/llm/toxics"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"probe\",\"type\":\"assay-probe-no-such-type\",\"attributes\":{}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return r.body().contains(toxicType);
    }

    static Injector.AppliedFault apply(String intentId, String toxicType) throws Exception {
        assertThat(proxyKnows(toxicType)).as("the fault proxy knows %s", toxicType).isTrue();
        Fault f = intents().get(intentId).fault();
        return injector.apply(f, f.peak(), new Lease(intentId, Instant.now().plusSeconds(120)));
    }

    static HttpResponse<String> ask() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + assistant.port() + "/assistant?q=shoes"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoIntentsAreThePlantedOnes() throws Exception {
        JsonNode truth = new ObjectMapper().readTree(PlantedTruth.class.getResourceAsStream("planted-truth.json"));
        java.util.List<String> planted = new java.util.ArrayList<>();
        truth.path("intents").fieldNames().forEachRemaining(id -> {
            if (id.startsWith("assistant-")) planted.add(id);
        });
        planted.addAll(java.util.List.of("assistant-survives-llm-overload", "assistant-survives-malformed-llm-answers"));
        assertThat(intents().keySet()).containsExactlyInAnyOrderElementsOf(planted);
        intents().values().forEach(i -> assertThat(i.fault().target()).isEqualTo("llm"));
        assertThat(truth.path("edges").findValuesAsText("fault")).containsExactlyInAnyOrder("slow-stream", "rate-limit", "overloaded", "malformed-body");
    }

    @Test
    void rateLimitRefutesTheAssistantAndShowsTheRetriesWithoutBackoff() throws Exception {
        Injector.AppliedFault fault = apply("assistant-survives-llm-rate-limit", "http_rate_limit");
        try {
            long limitedBefore = assistant.metrics.counter("llm_rate_limited");
            int questions = 80;
            int failed = 0;
            for (int i = 0; i < questions; i++) if (ask().statusCode() != 200) failed++;
            long limited = assistant.metrics.counter("llm_rate_limited") - limitedBefore;
            assertThat(failed).as("expect: below 5%% failed; with three immediate attempts on a 60%% limit about 22%% fail")
                    .isGreaterThan(questions * 5 / 100);
            assertThat(limited).as("429s retried at once").isGreaterThan(failed);
        } finally {
            injector.remove(fault);
        }
    }

    @Test
    void slowFirstTokenHoldsTheQuestionForTheWholeDelay() throws Exception {
        Injector.AppliedFault fault = apply("assistant-tolerates-slow-first-token", "slow_stream");
        try {
            long start = System.nanoTime();
            HttpResponse<String> r = ask();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.body()).as("no timeout: the late answer is waited for").contains("\"fallback\":false");
            assertThat(ms).as("at least the 3 s first-token delay; expect said p99 below 1.5 s").isGreaterThanOrEqualTo(2900);
        } finally {
            injector.remove(fault);
        }
        assertThat(ask().body()).as("rollback restores the stream").contains("\"fallback\":false");
    }

    @Test
    void overloadAndMalformedAnswersGetTheCannedAnswer() throws Exception {
        for (String[] c : new String[][] {{"assistant-survives-llm-overload", "http_overloaded"},
                {"assistant-survives-malformed-llm-answers", "malformed_body"}}) {
            Injector.AppliedFault fault = apply(c[0], c[1]);
            try {
                int canned = 0;
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> r = ask();
                    assertThat(r.statusCode()).as(c[0]).isEqualTo(200);
                    if (r.body().contains("\"fallback\":true")) canned++;
                }
                assertThat(canned).as(c[0] + ": canned answers").isEqualTo(5);
            } finally {
                injector.remove(fault);
            }
        }
        assertThat(ask().body()).as("rollback restores the stream").contains("\"fallback\":false");
    }

    /** Asks {@code n} questions between two reads of the meter: the window's counts. */
    static LlmCounts window(LlmEdgeMeter meter, int n) throws Exception {
        LlmCounts before = meter.read().orElseThrow();
        for (int i = 0; i < n; i++) ask();
        return meter.read().orElseThrow().minus(before);
    }

    static LlmEdgeFinding measured(String intentId, String toxicType, int questions) throws Exception {
        try (LlmEdgeMeter meter = LlmEdgeMeter.create(assistant.port(), proxy.apiAddress().getPort())) {
            LlmCounts baseline = window(meter, 20);
            Injector.AppliedFault fault = apply(intentId, toxicType);
            LlmCounts during;
            try {
                during = window(meter, questions);
            } finally {
                injector.remove(fault);
            }
            return LlmEdgeFinding.of(intentId, intents().get(intentId).fault(), new LlmEdgeMeter.Windows(baseline, during, during)).orElseThrow();
        }
    }

    @Test
    void theMeterMeasuresTheRetryStormOfARateLimitedLlmAsRetriesWithoutBackoff() throws Exception {
        LlmEdgeFinding f = measured("assistant-survives-llm-rate-limit", "http_rate_limit", 60);
        assertThat(f.baselineCallsPerQuestion()).as("one LLM call per question before the fault").isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(f.callsPerQuestion()).as("60%% limited, three immediate attempts: 1 + 0.6 + 0.36 calls per question").isBetween(1.6, 2.6);
        assertThat(f.mechanisms()).containsExactly("retries-without-backoff");
        assertThat(f.text()).contains("retries 429s at once", "LLM calls per question during the fault vs 1.0 before", "Retry-After 1000 ms ignored");
    }

    @Test
    void theMeterMeasuresTheFallbackAbsorbingAnOverloadedLlm() throws Exception {
        LlmEdgeFinding f = measured("assistant-falls-back-when-llm-overloaded", "http_overloaded", 120);
        assertThat(f.failedShare()).as("no question failed").isZero();
        assertThat(f.fallbackShare()).as("about 15%% (the intent's share) degraded to the canned answer: of 120, 18 ± 4").isBetween(0.03, 0.35);
        assertThat(f.callsPerQuestion()).as("a 529 is not retried").isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.01));
        assertThat(f.mechanisms()).containsExactly("fallback");
        assertThat(f.text()).startsWith("assistant -> llm: fallback absorbs overloaded: ").contains("of answers degraded to the canned answer, 0% of questions failed");
    }

    @Test
    void theMeterMeasuresAnswersWaitingOutASlowFirstTokenAsNoTimeout() throws Exception {
        LlmEdgeFinding f = measured("assistant-tolerates-slow-first-token", "slow_stream", 2);
        assertThat(f.mechanisms()).containsExactly("no-timeout");
        assertThat(f.text()).contains("no timeout on the stream: 2 answers waited out the 3000 ms to the first token");
    }
}
