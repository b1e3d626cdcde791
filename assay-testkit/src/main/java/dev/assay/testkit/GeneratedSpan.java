package dev.assay.testkit;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * One span of a generated trace, independent of the wire format ({@link OtlpSpans}, {@link ZipkinSpans}).
 * Ids are lower-case hex (trace 32, span 16 characters); times are microseconds since the epoch.
 * {@code remoteService} names the callee of a CLIENT/PRODUCER span into an uninstrumented peer.
 */
public record GeneratedSpan(String traceId, String spanId, Optional<String> parentId, String service,
                            String version, String name, Kind kind, long startMicros, long durationMicros,
                            boolean error, Optional<String> remoteService, Map<String, String> attributes,
                            Map<String, String> resource) {
    public enum Kind { SERVER, CLIENT, PRODUCER, CONSUMER, INTERNAL }

    public GeneratedSpan {
        requireNonNull(traceId, "traceId");
        requireNonNull(spanId, "spanId");
        requireNonNull(parentId, "parentId");
        requireNonNull(service, "service");
        requireNonNull(version, "version");
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(remoteService, "remoteService");
        attributes = Map.copyOf(attributes);
        resource = Map.copyOf(resource);
    }

    public long endMicros() {
        return startMicros + durationMicros;
    }
}
