package dev.assay.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One service of the shop: a real HTTP server on loopback (JDK HttpServer, a virtual thread per request)
 * with routes, a SERVER span per request, {@code /metrics} in Prometheus text and {@code /health}.
 */
final class ServiceNode implements AutoCloseable {
    /** An incoming request as handlers see it; {@code trace} is this request's SERVER span. */
    record Request(String method, String path, Map<String, String> query, String body, TraceContext trace) {
        String param(String name, String fallback) {
            return query.getOrDefault(name, fallback);
        }
    }

    record Reply(int status, String body) {
        static Reply ok(String json) {
            return new Reply(200, json);
        }
    }

    @FunctionalInterface
    interface Handler {
        Reply handle(Request request) throws InterruptedException;
    }

    private record Route(String method, String prefix, Handler handler, boolean consumer) {
    }

    final String name;
    final Tracer tracer;
    final Metrics metrics;
    private final Clock clock;
    private final Duration work;
    private final List<Route> routes = new ArrayList<>();
    private HttpServer server;
    private ExecutorService executor;

    ServiceNode(String name, OtlpExporter exporter, Clock clock, Duration work) {
        this.name = name;
        this.clock = clock;
        this.work = work;
        this.tracer = new Tracer(name, exporter, clock);
        this.metrics = new Metrics(name);
    }

    ServiceNode route(String method, String prefix, Handler handler) {
        routes.add(new Route(method, prefix, handler, false));
        return this;
    }

    /** A route fed by an asynchronous producer: its spans are CONSUMER spans. */
    ServiceNode consumerRoute(String method, String prefix, Handler handler) {
        routes.add(new Route(method, prefix, handler, true));
        return this;
    }

    ServiceNode start(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        } catch (IOException e) {
            throw new UncheckedIOException("service " + name + " cannot listen on 127.0.0.1:" + port, e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            byte[] in;
            try (InputStream body = ex.getRequestBody()) {
                in = body.readAllBytes();
            }
            if (path.equals("/metrics")) {
                send(ex, 200, metrics.render(), "text/plain; version=0.0.4");
                return;
            }
            if (path.equals("/health")) {
                send(ex, 200, "{\"service\":\"" + name + "\",\"status\":\"up\"}", "application/json");
                return;
            }
            Optional<Route> route = routes.stream().filter(r -> r.method.equals(method) && path.startsWith(r.prefix)).findFirst();
            if (route.isEmpty()) {
                send(ex, 404, "{\"error\":\"no route " + method + " " + path + " on " + name + "\"}", "application/json");
                return;
            }
            long start = System.nanoTime();
            Tracer.Active span = tracer.server(TraceContext.parse(ex.getRequestHeaders().getFirst(TraceContext.HEADER)),
                    method, route.get().prefix, route.get().consumer);
            Reply reply;
            try {
                simulateWork();
                reply = route.get().handler.handle(new Request(method, path, query(ex.getRequestURI().getRawQuery()),
                        new String(in, StandardCharsets.UTF_8), span.context));
            } catch (CallFailedException e) {
                reply = new Reply(503, "{\"error\":\"" + e.getMessage().replace('"', '\'') + "\"}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply = new Reply(503, "{\"error\":\"interrupted\"}");
            } catch (RuntimeException e) {
                reply = new Reply(500, "{\"error\":\"" + String.valueOf(e).replace('"', '\'') + "\"}");
            }
            span.attribute("http.response.status_code", reply.status()).end(reply.status() >= 500, reply.status() >= 500 ? reply.body() : "");
            metrics.record(route.get().prefix, reply.status(), (System.nanoTime() - start) / 1e9);
            send(ex, reply.status(), reply.body(), "application/json");
        } catch (IOException e) {
            // The client went away (a timeout upstream, an aborted connection): nothing left to answer.
        }
    }

    private void simulateWork() throws InterruptedException {
        long ms = work.toMillis();
        if (ms > 0) Thread.sleep(ms + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }

    private static void send(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
        if (executor != null) executor.shutdownNow();
    }
}
