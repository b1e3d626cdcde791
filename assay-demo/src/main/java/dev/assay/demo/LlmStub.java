package dev.assay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's local LLM: an OpenAI-compatible {@code POST /v1/chat/completions} that, with {@code "stream": true},
 * answers server-sent events {@code data: {"choices":[{"delta":{"content":"..."}}]}} one word group at a time,
 * ending with {@code data: [DONE]}; without it, one JSON completion. A real HTTP server on loopback, so the
 * fault proxy can sit in front of it like any other service. Counts the completions asked for (the load a
 * retrying caller puts on it) and serves them on {@code /metrics} like the shop's services
 * ({@code assay_demo_requests_total}). Like a hosted LLM API it sends no traces: callers' CLIENT spans name it
 * ({@code peer.service}), so discovery sees it as an external peer.
 */
final class LlmStub implements AutoCloseable {
    static final String PATH = "/v1/chat/completions";
    /** The shop's LLM: a word group every 3 ms, an answer in about 40 ms. */
    static final java.time.Duration SHOP_PACE = java.time.Duration.ofMillis(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Duration betweenEvents;
    private final AtomicLong completions = new AtomicLong();
    private final Metrics metrics = new Metrics("llm");

    private LlmStub(HttpServer server, ExecutorService executor, Duration betweenEvents) {
        this.server = server;
        this.executor = executor;
        this.betweenEvents = betweenEvents;
    }

    /** Starts on {@code port} (0: any free one), spacing its events by {@code betweenEvents}. */
    static LlmStub start(int port, Duration betweenEvents) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("the LLM stub cannot listen on 127.0.0.1:" + port, e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        LlmStub stub = new LlmStub(server, executor, betweenEvents);
        server.createContext("/", stub::dispatch);
        server.start();
        return stub;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Completions asked for so far (every attempt of every caller). */
    long completions() {
        return completions.get();
    }

    /** The answer's word groups for {@code question}: deterministic, so tests can compare. */
    static List<String> answer(String question) {
        return List.of("Our ", "products ", "ship ", "within ", "two ", "days; ", "about \"" + question.strip() + "\": ", "see ", "its ",
                "product ", "page.");
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/health")) {
                reply(ex, 200, "application/json", "{\"status\":\"ok\"}");
                return;
            }
            if (path.equals("/metrics")) {
                reply(ex, 200, "text/plain; version=0.0.4", metrics.render());
                return;
            }
            if (!path.equals(PATH) || !ex.getRequestMethod().equals("POST")) {
                reply(ex, 404, "application/json", "{\"error\":{\"message\":\"no route " + path + "\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            JsonNode request;
            try {
                request = JSON.readTree(ex.getRequestBody().readAllBytes());
            } catch (IOException e) {
                reply(ex, 400, "application/json", "{\"error\":{\"message\":\"body is not JSON\",\"type\":\"invalid_request_error\"}}");
                return;
            }
            completions.incrementAndGet();
            long start = System.nanoTime();
            String question = request.at("/messages/0/content").asText("");
            List<String> words = answer(question);
            if (!request.path("stream").asBoolean(false)) {
                String content = JSON.writeValueAsString(String.join("", words));
                reply(ex, 200, "application/json", "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":" + content + "}}]}");
                metrics.record(PATH, 200, (System.nanoTime() - start) / 1e9);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, 0); // chunked
            OutputStream out = ex.getResponseBody();
            for (String w : words) {
                event(out, "{\"choices\":[{\"delta\":{\"content\":" + JSON.writeValueAsString(w) + "}}]}");
                pause();
            }
            event(out, "[DONE]");
            metrics.record(PATH, 200, (System.nanoTime() - start) / 1e9);
        }
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void pause() {
        if (betweenEvents.isZero()) return;
        try {
            Thread.sleep(betweenEvents);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
