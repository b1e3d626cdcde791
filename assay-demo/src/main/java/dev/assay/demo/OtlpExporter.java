package dev.assay.demo;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches finished spans and POSTs them asynchronously as protobuf {@code ExportTraceServiceRequest}s to an
 * OTLP/HTTP endpoint ({@code .../v1/traces}). Never blocks a request: a full buffer drops spans (counted).
 * Without an endpoint, spans are dropped at once.
 */
final class OtlpExporter implements AutoCloseable {
    static final String SERVICE_VERSION = "1.4.0";
    private static final int MAX_BUFFERED = 20_000;

    private record Pending(String service, Span span) {
    }

    private final Optional<URI> endpoint;
    private final Duration flushEvery;
    private final ConcurrentLinkedQueue<Pending> buffer = new ConcurrentLinkedQueue<>();
    private final AtomicInteger buffered = new AtomicInteger();
    private final AtomicLong exported = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final HttpClient http;
    private final Thread flusher;

    OtlpExporter(Optional<URI> endpoint, Duration flushEvery) {
        this.endpoint = endpoint;
        this.flushEvery = flushEvery;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(1)).build();
        this.flusher = Thread.ofVirtual().name("otlp-exporter").start(this::loop);
    }

    void export(String service, Span span) {
        if (endpoint.isEmpty() || buffered.get() >= MAX_BUFFERED) {
            dropped.incrementAndGet();
            return;
        }
        buffered.incrementAndGet();
        buffer.add(new Pending(service, span));
    }

    long exported() {
        return exported.get();
    }

    long dropped() {
        return dropped.get();
    }

    private void loop() {
        while (running.get()) {
            try {
                Thread.sleep(flushEvery);
            } catch (InterruptedException e) {
                break;
            }
            flush();
        }
        flush();
    }

    /** Sends everything buffered now; failures drop the batch (telemetry must never hurt the shop). */
    void flush() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < 5_000 && (p = buffer.poll()) != null; ) batch.add(p);
        if (batch.isEmpty() || endpoint.isEmpty()) return;
        buffered.addAndGet(-batch.size());
        byte[] body = request(batch).toByteArray();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(endpoint.get()).timeout(Duration.ofSeconds(2))
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) exported.addAndGet(batch.size());
            else dropped.addAndGet(batch.size());
        } catch (java.io.IOException e) {
            dropped.addAndGet(batch.size());
        } catch (InterruptedException e) {
            dropped.addAndGet(batch.size());
            Thread.currentThread().interrupt();
        }
    }

    static ExportTraceServiceRequest request(List<Pending> batch) {
        Map<String, List<Span>> byService = new LinkedHashMap<>();
        for (Pending p : batch) byService.computeIfAbsent(p.service(), k -> new ArrayList<>()).add(p.span());
        ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, spans) -> req.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(attribute("service.name", service))
                        .addAttributes(attribute("service.version", SERVICE_VERSION))
                        .addAttributes(attribute("assay.service.kind", ShopServices.kindOf(service))))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("dev.assay.demo").build())
                        .addAllSpans(spans))));
        return req.build();
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }

    @Override
    public void close() {
        running.set(false);
        flusher.interrupt();
        try {
            flusher.join(Duration.ofSeconds(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
