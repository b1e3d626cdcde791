package dev.assay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

/**
 * The shop's product Q&A ({@code GET /assistant?q=}): asks the LLM ({@link LlmStub}, reached through the
 * directory like every edge, so through the fault proxy) for a streamed completion and returns the answer.
 * Its mechanisms are part of the planted truth:
 * <ul>
 *   <li>Planted weakness: no timeout on the stream. A slow first token (or a stalled stream) holds the request
 *   as long as the LLM does.</li>
 *   <li>Planted weakness: a 429 is retried at once, up to {@link #ATTEMPTS} attempts, ignoring
 *   {@code Retry-After}: a rate-limited LLM gets three times the calls, and the question still fails (503).</li>
 *   <li>Right: an overloaded LLM (5xx), a body that is not the expected JSON, or a stream that ends without
 *   {@code [DONE]} gives a canned answer (200, {@code "fallback": true}) instead of an error.</li>
 * </ul>
 * At most {@link #MAX_STREAMS} answers stream at once (its pool of LLM connections); a question beyond that is
 * refused at once (503). Without a timeout, a slow LLM keeps the pool full, so the missing timeout shows as
 * refused questions, not only as slow ones. Every attempt is a CLIENT span ({@code peer.service = llm}) whose
 * context goes to the LLM in {@code traceparent}.
 */
final class AssistantService {
    static final int ATTEMPTS = 3;
    /** LLM answers streamed at once (the assistant's connection pool to the LLM); a question beyond it is refused. */
    static final int MAX_STREAMS = 12;
    static final String CANNED = "I cannot answer right now; every product page lists its delivery time and price.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AssistantService() {
    }

    /** Adds the assistant's route to {@code n}; the LLM is the directory's {@code llm}. */
    static ServiceNode define(ServiceNode n, Directory directory, HttpClient http) {
        Semaphore streams = new Semaphore(MAX_STREAMS);
        n.route("GET", "/assistant", r -> {
            if (!streams.tryAcquire()) {
                n.metrics.increment("assistant_busy"); // the pool is full: without a timeout a slow LLM keeps it full
                return new ServiceNode.Reply(503, "{\"error\":\"the assistant is busy: " + MAX_STREAMS + " answers are already streaming\"}");
            }
            try {
                return answer(n, directory, http, r);
            } finally {
                streams.release();
            }
        });
        return n;
    }

    private static ServiceNode.Reply answer(ServiceNode n, Directory directory, HttpClient http, ServiceNode.Request r) throws InterruptedException {
        String question = r.param("q", "");
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Tracer.Active span = n.tracer.client(r.trace(), "llm", "POST", LlmStub.PATH).attribute("retry.attempt", attempt - 1);
            HttpResponse<Stream<String>> response;
            try {
                response = ask(directory, http, question, span.context);
            } catch (CallFailedException e) {
                span.end(true, e.getMessage());
                throw e;
            }
            int status = response.statusCode();
            span.attribute("http.response.status_code", status);
            if (status == 429) {
                response.body().close();
                span.end(true, "answered 429");
                n.metrics.increment("llm_rate_limited"); // planted: retried at once, no backoff, Retry-After ignored
                continue;
            }
            Optional<String> answer = status == 200 ? answer(response.body()) : Optional.empty();
            response.body().close();
            span.end(status >= 500, status >= 500 ? "answered " + status : "");
            if (answer.isPresent()) return ServiceNode.Reply.ok("{\"answer\":" + quoted(answer.get()) + ",\"fallback\":false}");
            n.metrics.increment("fallback_assistant"); // right: overloaded or malformed -> canned answer
            return ServiceNode.Reply.ok("{\"answer\":" + quoted(CANNED) + ",\"fallback\":true}");
        }
        return new ServiceNode.Reply(503, "{\"error\":\"the LLM is rate-limiting the assistant\"}");
    }

    private static HttpResponse<Stream<String>> ask(Directory directory, HttpClient http, String question, TraceContext span)
            throws InterruptedException {
        String body = "{\"model\":\"shop-assistant\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + quoted(question) + "}]}";
        // Planted weakness: no .timeout(...) on the request, and the stream below is read without a deadline.
        HttpRequest request = HttpRequest.newBuilder(URI.create(directory.base("llm") + LlmStub.PATH))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream").header(TraceContext.HEADER, span.header())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new CallFailedException("llm", "cannot reach the LLM: " + e.getMessage());
        }
    }
    private static String quoted(String text) {
        return JSON.getNodeFactory().textNode(text).toString();
    }

    /** The streamed answer, or empty when the stream is not well-formed or ends before {@code [DONE]}. */
    static Optional<String> answer(Stream<String> lines) {
        StringBuilder out = new StringBuilder();
        try {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (!line.startsWith("data:")) continue;
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) return Optional.of(out.toString());
                JsonNode content = JSON.readTree(data).at("/choices/0/delta/content");
                if (!content.isTextual()) return Optional.empty();
                out.append(content.asText());
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not JSON, or the stream broke: treated as malformed
        }
        return Optional.empty(); // cut before [DONE]
    }
}
