package dev.assay.demo;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A real OTLP/HTTP endpoint on loopback that decodes protobuf ExportTraceServiceRequests and keeps the spans. */
final class OtlpCollector implements AutoCloseable {
    record Received(String service, Span span) {
    }

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();

    OtlpCollector() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/traces", ex -> {
            try (ex) {
                ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(ex.getRequestBody().readAllBytes());
                for (ResourceSpans rs : req.getResourceSpansList()) {
                    String service = rs.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.name"))
                            .findFirst().map(a -> a.getValue().getStringValue()).orElse("?");
                    for (ScopeSpans ss : rs.getScopeSpansList()) for (Span s : ss.getSpansList()) spans.add(new Received(service, s));
                }
                ex.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
    }

    List<Received> spans() {
        return new ArrayList<>(spans);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
