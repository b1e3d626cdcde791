package dev.assay.demo;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Records spans of one service (SERVER for handled requests, CLIENT per outgoing attempt, PRODUCER per queued message). */
final class Tracer {
    private final String service;
    private final OtlpExporter exporter;
    private final Clock clock;

    Tracer(String service, OtlpExporter exporter, Clock clock) {
        this.service = service;
        this.exporter = exporter;
        this.clock = clock;
    }

    /** A span being recorded; {@link #end} exports it. */
    final class Active {
        final TraceContext context;
        private final Optional<TraceContext> parent;
        private final String name;
        private final Span.SpanKind kind;
        private final long startNanos;
        private final Span.Builder extra = Span.newBuilder();
        private boolean recorded = true;

        private Active(TraceContext context, Optional<TraceContext> parent, String name, Span.SpanKind kind) {
            this.context = context;
            this.parent = parent;
            this.name = name;
            this.kind = kind;
            this.startNanos = nanos(clock.instant());
        }

        Active attribute(String key, String value) {
            extra.addAttributes(OtlpExporter.attribute(key, value));
            return this;
        }

        Active attribute(String key, long value) {
            extra.addAttributes(OtlpExporter.attribute(key, value));
            return this;
        }

        void end(boolean error, String message) {
            if (!recorded) return;
            Span.Builder span = extra.clone()
                    .setTraceId(OtlpExporter.bytes(context.traceId()))
                    .setSpanId(OtlpExporter.bytes(context.spanId()))
                    .setName(name)
                    .setKind(kind)
                    .setStartTimeUnixNano(startNanos)
                    .setEndTimeUnixNano(Math.max(startNanos, nanos(clock.instant())))
                    .setStatus(Status.newBuilder()
                            .setCode(error ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET)
                            .setMessage(message));
            parent.ifPresent(p -> span.setParentSpanId(OtlpExporter.bytes(p.spanId())));
            exporter.export(service, span.build());
        }
    }

    /** The span of a request this service handles, continuing the caller's trace when it sent one. */
    Active server(Optional<TraceContext> incoming, String method, String route, boolean consumer) {
        TraceContext ctx = incoming.map(TraceContext::child).orElseGet(TraceContext::newTrace);
        return new Active(ctx, incoming, method + " " + route, consumer ? Span.SpanKind.SPAN_KIND_CONSUMER : Span.SpanKind.SPAN_KIND_SERVER)
                .attribute("http.route", route)
                .attribute("http.request.method", method);
    }

    /** One outgoing call attempt to {@code callee}; its context goes into the {@code traceparent} header. */
    Active client(TraceContext parent, String callee, String method, String path) {
        return new Active(parent.child(), Optional.of(parent), method + " " + path, Span.SpanKind.SPAN_KIND_CLIENT)
                .attribute("peer.service", callee)
                .attribute("http.request.method", method);
    }

    /** Carries {@code context} on an outgoing request without recording a span of its own. */
    Active untraced(TraceContext context) {
        Active a = new Active(context, Optional.empty(), "", Span.SpanKind.SPAN_KIND_UNSPECIFIED);
        a.recorded = false;
        return a;
    }

    /** A message handed to an asynchronous consumer ({@code callee}); the consumer's span continues it. */
    Active producer(TraceContext parent, String callee, String operation) {
        return new Active(parent.child(), Optional.of(parent), operation, Span.SpanKind.SPAN_KIND_PRODUCER)
                .attribute("peer.service", callee)
                .attribute("messaging.destination.name", callee);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
