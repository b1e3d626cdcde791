package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The assistant against real LLMs on loopback: the OpenAI-compatible stub, and small scripted servers that answer
 * as a rate-limited, overloaded, malformed, cut or slow LLM would (what the proxy's AI toxics produce). No mocks.
 */
class AssistantServiceTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final OtlpExporter exporter = new OtlpExporter(Optional.empty(), Duration.ofSeconds(1));
    private final Directory directory = new Directory();
    private final ServiceNode assistant = AssistantService.define(new ServiceNode("assistant", exporter, Clock.systemUTC(), Duration.ZERO),
            directory, http).start(0);
    private AutoCloseable llm;

    @AfterEach
    void stop() throws Exception {
        assistant.close();
        if (llm != null) llm.close();
        exporter.close();
    }

    HttpResponse<String> ask(String q) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + assistant.port() + "/assistant?q=" + q))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A scripted LLM: counts calls, answers with {@code script}. */
    AtomicInteger scripted(Script script) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        AtomicInteger calls = new AtomicInteger();
        s.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                calls.incrementAndGet();
                script.answer(ex);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        s.start();
        llm = () -> s.stop(0);
        directory.set("llm", s.getAddress());
        return calls;
    }

    interface Script {
        void answer(HttpExchange ex) throws IOException, InterruptedException;
    }

    static void sse(HttpExchange ex, List<String> events) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        for (String e : events) {
            out.write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    static void status(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Retry-After", "2");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Test
    void theStubStreamsAnOpenAiCompatibleAnswerEndingWithDone() throws Exception {
        try (LlmStub stub = LlmStub.start(0, Duration.ZERO)) {
            HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stub.port() + LlmStub.PATH))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"shoes\"}]}")).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(r.headers().firstValue("Content-Type")).contains("text/event-stream");
            List<String> data = r.body().filter(l -> l.startsWith("data: ")).toList();
            assertThat(data).hasSize(LlmStub.answer("shoes").size() + 1).last().isEqualTo("data: [DONE]");
            assertThat(data.get(0)).isEqualTo("data: {\"choices\":[{\"delta\":{\"content\":\"Our \"}}]}");
            assertThat(stub.completions()).isEqualTo(1);
        }
    }

    @Test
    void theAssistantAnswersFromTheStreamedCompletion() throws Exception {
        LlmStub stub = LlmStub.start(0, Duration.ofMillis(1));
        llm = stub;
        directory.set("llm", new InetSocketAddress("127.0.0.1", stub.port()));
        HttpResponse<String> r = ask("shoes");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"fallback\":false").contains(String.join("", LlmStub.answer("shoes")).replace("\"", "\\\""));
    }

    @Test
    void plantedWeaknessARateLimitIsRetriedAtOnceTriplingTheCallsAndStillFails() throws Exception {
        AtomicInteger calls = scripted(ex -> status(ex, 429, "{\"error\":{\"type\":\"rate_limit_exceeded\"}}"));
        HttpResponse<String> r = ask("shoes");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(calls.get()).as("no backoff, Retry-After ignored: every question costs three calls").isEqualTo(AssistantService.ATTEMPTS);
    }

    @Test
    void rightMechanismOverloadedMalformedOrCutAnswersTheCannedAnswer() throws Exception {
        AtomicInteger calls = scripted(ex -> status(ex, 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"));
        assertThat(ask("shoes").body()).contains("\"fallback\":true").contains(AssistantService.CANNED);
        assertThat(calls.get()).isEqualTo(1);
        llm.close();
        scripted(ex -> sse(ex, List.of("{\"choices\":\"oops\"}", "[DONE]")));
        assertThat(ask("shoes")).satisfies(r -> assertThat(r.statusCode()).isEqualTo(200)).extracting(HttpResponse::body).asString().contains("\"fallback\":true");
        llm.close();
        scripted(ex -> sse(ex, List.of("{\"choices\":[{\"delta\":{\"content\":\"Our\"}}]}", "{\"choices\":[{\"del")));
        assertThat(ask("shoes").body()).contains("\"fallback\":true");
        llm.close();
        scripted(ex -> sse(ex, List.of("{\"choices\":[{\"delta\":{\"content\":\"Our \"}}]}")));
        assertThat(ask("shoes").body()).as("cut before [DONE]").contains("\"fallback\":true");
    }

    @Test
    void plantedWeaknessNoTimeoutOnTheStreamHoldsTheQuestionAsLongAsTheFirstTokenTakes() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch firstToken = new CountDownLatch(1);
        scripted(ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().flush();
            asked.countDown();
            firstToken.await(120, TimeUnit.SECONDS);
            sse2(ex.getResponseBody(), "{\"choices\":[{\"delta\":{\"content\":\"late\"}}]}", "[DONE]");
        });
        CompletableFuture<HttpResponse<String>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return ask("shoes");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(asked.await(60, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(3000); // longer than any timeout a question should have: nothing gives up
        assertThat(answer).as("still waiting for the first token").isNotDone();
        firstToken.countDown();
        assertThat(answer.get(60, TimeUnit.SECONDS).body()).contains("\"answer\":\"late\"");
    }

    private static void sse2(OutputStream out, String... events) throws IOException {
        for (String e : events) {
            out.write(("data: " + e + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
