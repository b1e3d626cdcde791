package dev.assay.proxy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A toxic as Toxiproxy describes one: {@code name}, {@code type}, {@code stream} (the direction it acts on),
 * {@code toxicity} (the probability that it applies to a given connection) and {@code attributes}. Assay adds
 * two ways for it to end by itself: {@code ttl} (it removes itself after that long) and {@code lease} (it is
 * removed when that lease expires unrenewed). Attribute values are numbers, strings or booleans.
 */
public record ToxicSpec(String name, String type, Stream stream, double toxicity, Map<String, Object> attributes,
                        Optional<Duration> ttl, Optional<String> lease) {
    /** Toxiproxy's direction: {@code upstream} is client to server, {@code downstream} server to client. */
    public enum Stream {
        UPSTREAM, DOWNSTREAM;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Stream parse(String text) {
            return switch (text) {
                case "upstream" -> UPSTREAM;
                case "downstream" -> DOWNSTREAM;
                default -> throw FaultProxyException.badRequest(
                        "stream was invalid, can be either upstream or downstream (got '" + text + "')");
            };
        }
    }

    public ToxicSpec {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        requireNonNull(stream, "stream");
        attributes = Map.copyOf(attributes);
        requireNonNull(ttl, "ttl");
        requireNonNull(lease, "lease");
        if (name.isBlank()) throw FaultProxyException.badRequest("toxic name must not be blank");
        if (!(toxicity >= 0 && toxicity <= 1)) {
            throw FaultProxyException.badRequest("toxicity must be between 0 and 1 (got " + toxicity + ")");
        }
        ttl.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) throw FaultProxyException.badRequest("ttl must be a positive number of seconds (got " + t + ")");
        });
        ToxicKind.of(type).validate(attributes);
    }

    /** A toxic with Toxiproxy's defaults: named {@code <type>_<stream>}, toxicity 1, no TTL, no lease. */
    public static ToxicSpec of(String type, Stream stream, Map<String, Object> attributes) {
        return new ToxicSpec(type + "_" + stream.wire(), type, stream, 1.0, attributes, Optional.empty(), Optional.empty());
    }

    public ToxicSpec withTtl(Duration newTtl) {
        return new ToxicSpec(name, type, stream, toxicity, attributes, Optional.of(newTtl), lease);
    }

    public ToxicSpec withLease(String leaseId) {
        return new ToxicSpec(name, type, stream, toxicity, attributes, ttl, Optional.of(leaseId));
    }

    long longAttribute(String key) {
        Object v = attributes.get(key);
        return v instanceof Number n ? n.longValue() : 0L;
    }

    String stringAttribute(String key) {
        Object v = attributes.get(key);
        return v == null ? "" : v.toString();
    }
}
