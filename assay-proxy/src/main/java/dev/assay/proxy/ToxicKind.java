package dev.assay.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The toxic types and their attributes. The TCP ones follow Toxiproxy 2.x (same names, units and defaults);
 * the {@code http_*} ones are Assay's and need a proxy in HTTP mode. The first attribute listed is required.
 */
enum ToxicKind {
    LATENCY("latency", false, "latency", "jitter"),
    BANDWIDTH("bandwidth", false, "rate"),
    SLOW_CLOSE("slow_close", false, "delay"),
    TIMEOUT("timeout", false, "timeout"),
    RESET_PEER("reset_peer", false),
    SLICER("slicer", false, "average_size", "size_variation", "delay"),
    LIMIT_DATA("limit_data", false, "bytes"),
    HTTP_ERROR("http_error", true, "status"),
    HTTP_DELAY("http_delay", true, "delay"),
    HTTP_ABORT("http_abort", true);

    /** Optional attributes every type accepts besides its own. */
    private static final Set<String> COMMON_NUMERIC = Set.of("timeout");
    private static final Set<String> HTTP_MATCHERS = Set.of("method", "path_prefix", "header");

    final String wire;
    final boolean http;
    private final List<String> numeric;

    ToxicKind(String wire, boolean http, String... numeric) {
        this.wire = wire;
        this.http = http;
        this.numeric = List.of(numeric);
    }

    static ToxicKind of(String type) {
        for (ToxicKind k : values()) if (k.wire.equals(type)) return k;
        throw FaultProxyException.badRequest("invalid toxic type '" + type + "'; known types: "
                + Arrays.stream(values()).map(k -> k.wire).collect(Collectors.joining(", ")));
    }

    void validate(Map<String, Object> attributes) {
        if (!numeric.isEmpty() && !attributes.containsKey(numeric.get(0))) {
            throw FaultProxyException.badRequest("missing required field: attributes." + numeric.get(0) + " for toxic type " + wire
                    + " (its attributes: " + String.join(", ", allowed()) + ")");
        }
        for (var e : attributes.entrySet()) {
            String key = e.getKey();
            boolean matcher = http && HTTP_MATCHERS.contains(key);
            if (matcher) {
                if (!(e.getValue() instanceof String)) throw FaultProxyException.badRequest("attributes." + key + " must be a string");
                continue;
            }
            if (!allowed().contains(key)) {
                throw FaultProxyException.badRequest("unknown attribute '" + key + "' for toxic type " + wire
                        + " (its attributes: " + String.join(", ", allowed()) + ")");
            }
            if (!(e.getValue() instanceof Number n) || n.doubleValue() < 0) {
                throw FaultProxyException.badRequest("attributes." + key + " of toxic type " + wire + " must be a non-negative number");
            }
        }
        if (this == HTTP_ERROR) {
            long status = ((Number) attributes.get("status")).longValue();
            if (status < 100 || status > 599) throw FaultProxyException.badRequest("attributes.status must be an HTTP status 100-599 (got " + status + ")");
        }
        if (attributes.get("percent") instanceof Number p && p.doubleValue() > 100) {
            throw FaultProxyException.badRequest("attributes.percent must be 0-100 (got " + p + ")");
        }
        if (this == SLICER && ((Number) attributes.get("average_size")).longValue() < 1) {
            throw FaultProxyException.badRequest("attributes.average_size of a slicer must be at least 1 byte");
        }
    }

    private List<String> allowed() {
        List<String> all = new java.util.ArrayList<>(numeric);
        if (this == RESET_PEER) all.addAll(COMMON_NUMERIC);
        if (http) {
            all.add("percent");
            if (this == HTTP_ABORT) all.add("after_bytes");
            all.addAll(HTTP_MATCHERS);
        }
        return all;
    }
}
