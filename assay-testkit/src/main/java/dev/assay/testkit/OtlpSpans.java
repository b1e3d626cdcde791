package dev.assay.testkit;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders generated spans as an OTLP {@link ExportTraceServiceRequest}, one ResourceSpans per service. */
public final class OtlpSpans {
    private OtlpSpans() {
    }

    public static ExportTraceServiceRequest request(List<GeneratedSpan> spans) {
        Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
        Map<String, GeneratedSpan> first = new LinkedHashMap<>();
        for (GeneratedSpan s : spans) {
            byService.computeIfAbsent(s.service(), k -> ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("assay-testkit").build())).addSpans(span(s));
            first.putIfAbsent(s.service(), s);
        }
        ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, scope) -> {
            GeneratedSpan s = first.get(service);
            Resource.Builder resource = Resource.newBuilder()
                    .addAttributes(kv("service.name", service))
                    .addAttributes(kv("service.version", s.version()))
                    .addAttributes(kv("telemetry.sdk.language", "java"));
            s.resource().forEach((k, v) -> resource.addAttributes(kv(k, v)));
            req.addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope));
        });
        return req.build();
    }

    /** Every trace in one request (what a collector batching several services would send). */
    public static ExportTraceServiceRequest requestOfTraces(List<List<GeneratedSpan>> traces) {
        return request(traces.stream().flatMap(List::stream).toList());
    }

    static Span span(GeneratedSpan s) {
        Span.Builder b = Span.newBuilder()
                .setTraceId(bytes(s.traceId()))
                .setSpanId(bytes(s.spanId()))
                .setName(s.name())
                .setKind(switch (s.kind()) {
                    case SERVER -> Span.SpanKind.SPAN_KIND_SERVER;
                    case CLIENT -> Span.SpanKind.SPAN_KIND_CLIENT;
                    case PRODUCER -> Span.SpanKind.SPAN_KIND_PRODUCER;
                    case CONSUMER -> Span.SpanKind.SPAN_KIND_CONSUMER;
                    case INTERNAL -> Span.SpanKind.SPAN_KIND_INTERNAL;
                })
                .setStartTimeUnixNano(s.startMicros() * 1000)
                .setEndTimeUnixNano(s.endMicros() * 1000)
                .setStatus(Status.newBuilder().setCode(s.error() ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_OK));
        s.parentId().ifPresent(p -> b.setParentSpanId(bytes(p)));
        s.attributes().forEach((k, v) -> b.addAttributes(kv(k, v)));
        return b.build();
    }

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
