package dev.assay.demo;

import dev.assay.model.Magnitude;
import dev.assay.runner.ExperimentListener;
import dev.assay.runner.Guard;
import dev.assay.runner.Phase;
import dev.assay.spi.Injector;
import dev.assay.verdict.Outcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Counts what happens on the edge assistant → llm around every experiment: at the start of its baseline, of its
 * injection, of its rollback and at its end, it reads the assistant's own {@code /metrics} (questions answered, failed,
 * refused, answered with the canned answer, 429s seen) and the fault proxy's {@code /metrics} in front of the LLM
 * ({@code assay_proxy_http_requests_total{proxy="llm"}}: every call that reached the LLM's API, including those the
 * rate limit answered). {@link #windows} gives an experiment's baseline and fault windows as {@link LlmCounts}, from
 * which {@link LlmEdgeFinding} says what the edge did. Listens beside the run's own listener ({@link dev.assay.runner.BothListeners}); scrapes on virtual
 * threads, so the runner is never blocked.
 */
final class LlmEdgeMeter implements ExperimentListener, AutoCloseable {
    static final String ASSISTANT_ROUTE = "/assistant";
    private final URI assistantMetrics;
    private final URI proxyMetrics;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1))
            .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    private final ExecutorService scrapes = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Map<Phase, CompletableFuture<Optional<LlmCounts>>>> marks = new ConcurrentHashMap<>();

    private LlmEdgeMeter(URI assistantMetrics, URI proxyMetrics) {
        this.assistantMetrics = assistantMetrics;
        this.proxyMetrics = proxyMetrics;
    }

    /** Meters the assistant on {@code assistantPort} and the fault proxy API on {@code proxyApiPort}. */
    static LlmEdgeMeter create(int assistantPort, int proxyApiPort) {
        return new LlmEdgeMeter(URI.create("http://127.0.0.1:" + assistantPort + "/metrics"),
                URI.create("http://127.0.0.1:" + proxyApiPort + "/metrics"));
    }

    /** The counts of the experiment's baseline and fault windows (the end of the fault window is the rollback), and to its end. */
    record Windows(LlmCounts baseline, LlmCounts fault, LlmCounts toEnd) {
    }

    /** The windows of experiment {@code experimentId}, when every mark of it was read. */
    Optional<Windows> windows(String experimentId) {
        Map<Phase, CompletableFuture<Optional<LlmCounts>>> m = marks.get(experimentId);
        if (m == null) return Optional.empty();
        Optional<LlmCounts> b = mark(m, Phase.BASELINE);
        Optional<LlmCounts> i = mark(m, Phase.INJECTING);
        Optional<LlmCounts> r = mark(m, Phase.ROLLBACK);
        Optional<LlmCounts> e = mark(m, Phase.DONE).or(() -> mark(m, Phase.ABORTED));
        if (b.isEmpty() || i.isEmpty() || r.isEmpty() || e.isEmpty()) return Optional.empty();
        return Optional.of(new Windows(i.get().minus(b.get()), r.get().minus(i.get()), e.get().minus(i.get())));
    }

    private static Optional<LlmCounts> mark(Map<Phase, CompletableFuture<Optional<LlmCounts>>> m, Phase p) {
        CompletableFuture<Optional<LlmCounts>> f = m.get(p);
        if (f == null) return Optional.empty();
        try {
            return f.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return Optional.empty();
        }
    }

    @Override
    public void phaseEntered(String experimentId, Phase phase, String detail) {
        // the first entry of each phase marks it (a ramp enters INJECTING once per level: the window starts at the first)
        if (List.of(Phase.BASELINE, Phase.INJECTING, Phase.ROLLBACK, Phase.DONE, Phase.ABORTED).contains(phase)) {
            marks.computeIfAbsent(experimentId, k -> new ConcurrentHashMap<>()).computeIfAbsent(phase, p -> CompletableFuture.supplyAsync(this::read, scrapes));
        }
    }

    /** The counters now, or empty when either endpoint did not answer. */
    Optional<LlmCounts> read() {
        try {
            String assistant = get(assistantMetrics);
            String proxy = get(proxyMetrics);
            return Optional.of(LlmCounts.parse(assistant, proxy, System.nanoTime() / 1_000_000));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String get(URI uri) throws java.io.IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new java.io.IOException(uri + " answered " + r.statusCode());
        return r.body();
    }

    @Override
    public void close() {
        scrapes.shutdownNow();
        http.shutdownNow();
    }
}
