package dev.assay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            try {
                ServerProcess.awaitOk(p, server.baseUri().resolve("/-/ready"), Duration.ofSeconds(30), Duration.ofMillis(100), "Prometheus", dir.resolve("prometheus.log"));
            } catch (IllegalStateException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary(), e);
        }
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        ServerProcess.stop(process);
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temp dir left behind is harmless
        }
    }
}
