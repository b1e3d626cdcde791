package dev.assay.proxy;

import java.util.Map;

/**
 * The attribute combinations of the AI-API and streaming toxics that a per-attribute range cannot express, and
 * their defaults: a quota needs nothing else but {@code window_ms} needs a quota; a slow stream needs a delay; a
 * cut needs a place to cut; a malformed body needs a mode, and {@code wrong_type} a field. Violations are 400s.
 */
final class StreamingAttributes {
    static final long DEFAULT_RATE_LIMIT_STATUS = 429;
    static final long DEFAULT_OVERLOADED_STATUS = 503;
    static final long DEFAULT_RETRY_AFTER_SECONDS = 1;
    static final long DEFAULT_WINDOW_MS = 1000;

    private StreamingAttributes() {
    }

    static void check(ToxicKind kind, Map<String, Object> a) {
        switch (kind) {
            case HTTP_RATE_LIMIT -> {
                if (a.containsKey("window_ms") && !a.containsKey("quota")) {
                    throw bad("attributes.window_ms of http_rate_limit needs attributes.quota (N requests allowed per window_ms);"
                            + " without a quota the toxic answers a share of calls (toxicity, percent)");
                }
                whole(kind, a, "quota");
            }
            case SLOW_STREAM -> {
                if (number(a, "first_event_delay") <= 0 && number(a, "between_events_delay") <= 0) {
                    throw bad("a slow_stream toxic needs attributes.first_event_delay and/or attributes.between_events_delay"
                            + " (milliseconds, above 0)");
                }
            }
            case STREAM_CUT -> {
                if (!a.containsKey("after_events") && !a.containsKey("after_bytes")) {
                    throw bad("a stream_cut toxic needs attributes.after_events and/or attributes.after_bytes (where to cut)");
                }
                whole(kind, a, "after_events");
                whole(kind, a, "final_event");
            }
            case MALFORMED_BODY -> {
                if (!a.containsKey("mode")) {
                    throw bad("missing required field: attributes.mode for toxic type malformed_body (truncate, corrupt or wrong_type)");
                }
                if (a.get("mode").equals("wrong_type") && !a.containsKey("field")) {
                    throw bad("malformed_body with mode wrong_type needs attributes.field, the JSON field whose value gets the"
                            + " wrong type (e.g. \"choices\")");
                }
            }
            default -> {
            }
        }
    }

    private static void whole(ToxicKind kind, Map<String, Object> a, String key) {
        double v = number(a, key);
        if (v != Math.rint(v)) throw bad("attributes." + key + " of toxic type " + kind.wire + " must be a whole number (got " + v + ")");
    }

    private static double number(Map<String, Object> a, String key) {
        return a.get(key) instanceof Number n ? n.doubleValue() : 0;
    }

    private static FaultProxyException bad(String message) {
        return FaultProxyException.badRequest(message);
    }
}
