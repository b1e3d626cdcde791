package dev.assay.telemetry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;

/**
 * A Prometheus target with two counters the test controls: on every scrape {@code test_requests_total} grows
 * by 100 and {@code test_errors_total} by {@code errorsAtScrape(n)}. Every scrape is logged with the values
 * served, so a test can compute by hand what Prometheus must answer.
 */
final class TestExporter implements AutoCloseable {
    record Scrape(Instant at, long requests, long errors) {
    }

    private final HttpServer server;
    private final List<Scrape> log = new CopyOnWriteArrayList<>();
    // Counters start high, as in a long-running process: rate() then never limits its extrapolation at the
    // counter's zero point, which would differ between the two counters and break the hand computation.
    private long requests = 100_000_000;
    private long errors = 1_000_000;

    TestExporter(IntUnaryOperator errorsAtScrape) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", ex -> {
            byte[] body;
            synchronized (this) { // counters only; the I/O happens outside
                requests += 100;
                errors += errorsAtScrape.applyAsInt(log.size() + 1);
                log.add(new Scrape(Instant.now(), requests, errors));
                body = ("# TYPE test_requests_total counter\ntest_requests_total " + requests
                        + "\n# TYPE test_errors_total counter\ntest_errors_total " + errors + "\n").getBytes(StandardCharsets.UTF_8);
            }
            try (ex) {
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<Scrape> log() {
        return List.copyOf(log);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
