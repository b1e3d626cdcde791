package dev.assay.telemetry;

import java.util.Optional;

/**
 * One span reduced to what graph discovery needs, whatever wire format it came in (OTLP, Zipkin, Jaeger).
 * Ids are lower-case hex; an empty {@code parentId} marks a root. {@code peer} is the uninstrumented callee
 * named by {@code peer.service} (or {@code server.address}, or a Zipkin remote endpoint).
 */
record SpanRecord(String traceId, String spanId, String parentId, String service, String version,
                  Kind kind, String name, long startNanos, long endNanos, boolean error,
                  String peer, String dbSystem, String messagingSystem, String route, String serviceKind) {
    enum Kind { SERVER, CLIENT, PRODUCER, CONSUMER, INTERNAL }

    boolean isRoot() {
        return parentId.isEmpty();
    }

    boolean isEntry() {
        return kind == Kind.SERVER || kind == Kind.CONSUMER;
    }

    boolean isCall() {
        return kind == Kind.CLIENT || kind == Kind.PRODUCER;
    }

    long durationNanos() {
        return endNanos - startNanos;
    }

    /** The route the span serves: {@code http.route} when set, else the span name. */
    String routeOrName() {
        return route.isEmpty() ? name : route;
    }

    Optional<String> calleeName() {
        if (!peer.isEmpty()) return Optional.of(peer);
        if (!dbSystem.isEmpty()) return Optional.of(dbSystem);
        if (!messagingSystem.isEmpty()) return Optional.of(messagingSystem);
        return Optional.empty();
    }
}
