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
import java.util.List;
import java.util.Optional;

/**
 * A real Zipkin server ({@code io.zipkin:zipkin-server}, classifier {@code exec}, in-memory storage) in a child
 * JVM on a free loopback port; {@link #close()} stops it. The jar is found through the system property
 * {@code assay.zipkin.jar}, then {@code target/zipkin/zipkin-server-exec.jar} (the module build copies it there
 * with {@code dependency:copy}), then the local Maven repository.
 */
public final class ZipkinServer implements AutoCloseable {
    public static final String VERSION = "3.4.2";
    private final Process process;
    private final int port;
    private final Path log;

    private ZipkinServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static ZipkinServer start() {
        return start(jar());
    }

    public static ZipkinServer start(Path jar) {
        int port = FreePorts.next();
        try {
            Path log = Files.createTempFile("zipkin-", ".log");
            // Tests favour start-up time (C1 only); benchmarks set assay.zipkin.fullJit=true to measure Zipkin at its best.
            List<String> cmd = new java.util.ArrayList<>(List.of(Jvm.javaBinary(), "-Xmx" + System.getProperty("assay.zipkin.heap", "384m")));
            if (!Boolean.getBoolean("assay.zipkin.fullJit")) cmd.add("-XX:TieredStopAtLevel=1");
            cmd.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("QUERY_PORT", Integer.toString(port));
            pb.environment().put("STORAGE_TYPE", "mem");
            pb.environment().put("SELF_TRACING_ENABLED", "false");
            ZipkinServer server = new ZipkinServer(pb.start(), port, log);
            try {
                ServerProcess.awaitOk(server.process, server.baseUri().resolve("/health"), Duration.ofSeconds(60), Duration.ofMillis(200), "Zipkin", log);
            } catch (IllegalStateException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Zipkin from " + jar, e);
        }
    }

    static Path jar() {
        Optional<String> prop = Optional.ofNullable(System.getProperty("assay.zipkin.jar"));
        if (prop.isPresent()) return Path.of(prop.get());
        Path copied = Path.of("target", "zipkin", "zipkin-server-exec.jar");
        if (Files.isRegularFile(copied)) return copied;
        return Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "zipkin", "zipkin-server", VERSION,
                "zipkin-server-" + VERSION + "-exec.jar");
    }

    public int port() {
        return port;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Posts Zipkin v2 JSON spans; returns the HTTP status (202 when accepted). */
    public int post(String json) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(baseUri().resolve("/api/v2/spans"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ServerProcess.stop(process);
    }
}
