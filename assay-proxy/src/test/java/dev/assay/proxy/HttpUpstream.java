package dev.assay.proxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback (the JDK's), the upstream of HTTP-mode tests. Answers 200 with a body of
 * 100 bytes and counts the requests it saw per {@code x-assay-cohort} value.
 */
final class HttpUpstream implements AutoCloseable {
    private final HttpServer server;
    final Map<String, AtomicInteger> seenByCohort = new ConcurrentHashMap<>();

    HttpUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String cohort = String.valueOf(exchange.getRequestHeaders().getFirst(Cohort.HEADER));
            seenByCohort.computeIfAbsent(cohort, k -> new AtomicInteger()).incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "x".repeat(100).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int seen(String cohort) {
        AtomicInteger n = seenByCohort.get(cohort);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
