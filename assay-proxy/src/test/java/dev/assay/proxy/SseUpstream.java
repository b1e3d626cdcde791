package dev.assay.proxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real streaming HTTP server on loopback (the JDK's), shaped like an OpenAI-compatible chat endpoint:
 * {@code /events?n=5&gap=200} writes {@code n} server-sent events, flushing each and pausing {@code gap} ms
 * between them, then {@code data: [DONE]}; {@code /json} and {@code /v1/...} answer one JSON document with a Content-Length.
 * It remembers when it wrote its last event and which client ports (upstream connections) it saw.
 */
final class SseUpstream implements AutoCloseable {
    static final String JSON = "{\"id\":\"c1\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hello there\"}}],\"usage\":{\"total_tokens\":7}}";
    private final HttpServer server;
    final AtomicLong lastEventSentNanos = new AtomicLong();
    final Set<Integer> connections = ConcurrentHashMap.newKeySet();

    SseUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/events", exchange -> {
            connections.add(exchange.getRemoteAddress().getPort());
            String q = String.valueOf(exchange.getRequestURI().getQuery());
            int n = param(q, "n", 5);
            int gap = param(q, "gap", 200);
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 1; i <= n; i++) {
                    if (i == n) lastEventSentNanos.set(System.nanoTime());
                    out.write(("data: {\"choices\":[{\"delta\":{\"content\":\"token" + i + "\"}}]}\n\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (i < n) sleep(gap);
                }
                out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the proxy cut the stream: expected for stream_cut
            }
        });
        com.sun.net.httpserver.HttpHandler json = exchange -> {
            connections.add(exchange.getRemoteAddress().getPort());
            exchange.getRequestBody().readAllBytes();
            byte[] body = JSON.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        };
        server.createContext("/json", json);
        server.createContext("/v1", json);
        server.start();
    }

    private static int param(String query, String name, int fallback) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) return Integer.parseInt(kv.substring(name.length() + 1));
        }
        return fallback;
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
