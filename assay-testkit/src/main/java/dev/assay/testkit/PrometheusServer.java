package dev.assay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on a free loopback port with a generated config
 * that scrapes one target every {@code scrapeInterval}, storing into a temporary directory that
 * {@link #close()} removes with the process.
 */
public final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path dir;

    private PrometheusServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static boolean available() {
        return Files.isExecutable(binary());
    }

    static Path binary() {
        return Path.of(System.getProperty("assay.prometheus.binary", "/usr/bin/prometheus"));
    }

    /** Starts Prometheus scraping {@code target} ({@code host:port}, path {@code /metrics}). */
    public static PrometheusServer start(String target, Duration scrapeInterval) {
        int port = FreePorts.next();
        try {
            Path dir = Files.createTempDirectory("prometheus-");
            String interval = scrapeInterval.toMillis() + "ms";
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: %s
                      evaluation_interval: %s
                    scrape_configs:
                      - job_name: test
                        scrape_interval: %s
                        static_configs:
                          - targets: ['%s']
                    """.formatted(interval, interval, interval, target));
            Process p = new ProcessBuilder(List.of(binary().toString(),
                    "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            PrometheusServer server = new PrometheusServer(p, port, dir);
            server.awaitReady(Duration.ofSeconds(30));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary(), e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("Prometheus exited early; see " + dir.resolve("prometheus.log"));
            try {
                if (http.send(HttpRequest.newBuilder(baseUri().resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            ZipkinServer.sleep(100);
        }
        close();
        throw new IllegalStateException("Prometheus not ready within " + timeout);
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir left behind is harmless
        }
    }
}
