package dev.assay.demo;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback standing in for one shop service with a chosen behaviour (slow, failing),
 * so a test can route a caller to it and observe the caller's resilience mechanism. Counts requests.
 */
final class FakeUpstream implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    private FakeUpstream(long delayMs, int status, String body) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            try (ex) {
                requests.incrementAndGet();
                ex.getRequestBody().readAllBytes();
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    return;
                }
                byte[] out = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
            } catch (IOException e) {
                // caller gave up (timed out)
            }
        });
        server.start();
    }

    static FakeUpstream slow(long delayMs) {
        return new FakeUpstream(delayMs, 200, "{\"ok\":true}");
    }

    static FakeUpstream failing(int status) {
        return new FakeUpstream(0, status, "{\"error\":\"injected\"}");
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getAddress().getPort());
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
