package dev.assay.proxy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The toxic types and their attributes. The TCP ones follow Toxiproxy 2.x (same names, units and defaults);
 * the {@code http_*}, {@code slow_stream}, {@code stream_cut} and {@code malformed_body} ones are Assay's and need a
 * proxy in HTTP mode. The first attribute listed is required (none when it is {@code ""}); combinations are
 * checked by {@link StreamingAttributes}.
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
    HTTP_ABORT("http_abort", true),
    /** A local 429 (or {@code status}) with {@code Retry-After} and an OpenAI/Anthropic-style body; a share or a quota. */
    HTTP_RATE_LIMIT("http_rate_limit", true, "", "status", "retry_after", "quota", "window_ms"),
    /** A local 503/529 with a retryable OpenAI/Anthropic-style body. */
    HTTP_OVERLOADED("http_overloaded", true, "", "status"),
    /** Holds the first body event, then spaces the events out (SSE events, else chunks). */
    SLOW_STREAM("slow_stream", true, "", "first_event_delay", "between_events_delay"),
    /** Ends the response after {@code after_events} events and/or {@code after_bytes} body bytes. */
    STREAM_CUT("stream_cut", true, "", "after_events", "after_bytes", "final_event"),
    /** Truncates, corrupts or retypes a field of the JSON body (of each SSE event's data). */
    MALFORMED_BODY("malformed_body", true, "");

    /** Optional attributes every type accepts besides its own. */
    private static final Set<String> COMMON_NUMERIC = Set.of("timeout");
    private static final Set<String> HTTP_MATCHERS = Set.of("method", "path_prefix", "header");
    /** String attributes with their allowed values (an empty list: any non-blank text). */
    private static final Map<String, List<String>> STYLE = Map.of("style", List.of("openai", "anthropic"));
    private static final Map<String, List<String>> MALFORMED = Map.of("mode", List.of("truncate", "corrupt", "wrong_type"), "field", List.of());

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
        if (!numeric.isEmpty() && !numeric.get(0).isEmpty() && !attributes.containsKey(numeric.get(0))) {
            throw FaultProxyException.badRequest("missing required field: attributes." + numeric.get(0) + " for toxic type " + wire
                    + " (its attributes: " + String.join(", ", allowed()) + ")");
        }
        for (var e : attributes.entrySet()) {
            String key = e.getKey();
            boolean matcher = http && HTTP_MATCHERS.contains(key);
            if (texts().containsKey(key)) {
                List<String> choices = texts().get(key);
                if (!(e.getValue() instanceof String text) || text.isBlank() || (!choices.isEmpty() && !choices.contains(text))) {
                    throw FaultProxyException.badRequest("attributes." + key + " of toxic type " + wire + " must be "
                            + (choices.isEmpty() ? "a non-blank string" : "one of " + String.join(", ", choices)) + " (got " + e.getValue() + ")");
                }
                continue;
            }
            if (matcher) {
                if (!(e.getValue() instanceof String)) throw FaultProxyException.badRequest("attributes." + key + " must be a string");
                continue;
            }
            if (!allowed().contains(key)) {
                throw FaultProxyException.badRequest("unknown attribute '" + key + "' for toxic type " + wire
                        + " (its attributes: " + String.join(", ", allowed()) + ")");
            }
            if (!(e.getValue() instanceof Number n)) {
                throw FaultProxyException.badRequest("attributes." + key + " of toxic type " + wire + " must be a number");
            }
            double v = n.doubleValue();
            double[] range = range(key);
            if (!Double.isFinite(v)) {
                throw FaultProxyException.badRequest("attributes." + key + " of toxic type " + wire + " must be a finite number (got " + v + ")");
            }
            if (v < range[0] || v > range[1]) {
                throw FaultProxyException.badRequest("attributes." + key + " of toxic type " + wire + " must be between " + plain(range[0])
                        + " and " + plain(range[1]) + " " + unit(key) + " (got " + plain(v) + ")" + hint(key));
            }
        }
        StreamingAttributes.check(this, attributes);
        if (this == SLICER && attributes.get("size_variation") instanceof Number v
                && v.longValue() >= ((Number) attributes.get("average_size")).longValue()) {
            throw FaultProxyException.badRequest("attributes.size_variation of a slicer must be smaller than average_size (got "
                    + v + " >= " + attributes.get("average_size") + ")");
        }
    }

    /** Durations up to an hour (milliseconds; the slicer's delay is microseconds), sizes up to 1 TiB. */
    private double[] range(String key) {
        final double hourMs = 3_600_000;
        return switch (this) {
            case BANDWIDTH -> new double[] {1, 100_000_000}; // KB/s: 0 would mean "no data at all", use timeout for that
            case SLICER -> switch (key) {
                case "average_size" -> new double[] {1, 1 << 20};
                case "size_variation" -> new double[] {0, 1 << 20};
                default -> new double[] {0, hourMs * 1000}; // delay in microseconds
            };
            case LIMIT_DATA -> new double[] {0, 1L << 40};
            case HTTP_ERROR -> key.equals("status") ? new double[] {100, 599} : new double[] {0, 100};
            case HTTP_DELAY -> key.equals("delay") ? new double[] {1, hourMs} : new double[] {0, 100};
            case HTTP_ABORT -> key.equals("after_bytes") ? new double[] {0, Integer.MAX_VALUE} : new double[] {0, 100};
            case HTTP_RATE_LIMIT -> switch (key) {
                case "status" -> new double[] {400, 599};
                case "retry_after" -> new double[] {0, 86_400};
                case "quota" -> new double[] {1, 1e9};
                case "window_ms" -> new double[] {1, hourMs};
                default -> new double[] {0, 100};
            };
            case HTTP_OVERLOADED -> key.equals("status") ? new double[] {500, 599} : new double[] {0, 100};
            case SLOW_STREAM -> key.equals("percent") ? new double[] {0, 100} : new double[] {0, hourMs};
            case STREAM_CUT -> switch (key) {
                case "after_events" -> new double[] {0, 1e9};
                case "after_bytes" -> new double[] {0, Integer.MAX_VALUE};
                case "final_event" -> new double[] {0, 2};
                default -> new double[] {0, 100};
            };
            case MALFORMED_BODY -> new double[] {0, 100};
            default -> new double[] {0, hourMs};
        };
    }

    private String unit(String key) {
        if (key.equals("percent")) return "percent";
        if (key.equals("status") || key.equals("quota") || key.equals("final_event") || key.equals("after_events")) return "";
        if (key.equals("retry_after")) return "seconds";
        if (this == BANDWIDTH) return "KB/s";
        if (this == SLICER) return key.equals("delay") ? "microseconds" : "bytes";
        if (this == LIMIT_DATA || key.equals("after_bytes")) return "bytes";
        return "ms";
    }

    private String hint(String key) {
        if (this == BANDWIDTH) return "; to stop data altogether use a timeout toxic";
        if (this == HTTP_DELAY) return "; a delay of 0 does nothing, remove the toxic instead";
        return "";
    }

    private Map<String, List<String>> texts() {
        return switch (this) {
            case HTTP_RATE_LIMIT, HTTP_OVERLOADED -> STYLE;
            case MALFORMED_BODY -> MALFORMED;
            default -> Map.of();
        };
    }

    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private List<String> allowed() {
        List<String> all = new java.util.ArrayList<>(numeric.stream().filter(a -> !a.isEmpty()).toList());
        all.addAll(texts().keySet().stream().sorted().toList());
        if (this == RESET_PEER) all.addAll(COMMON_NUMERIC);
        if (http) {
            all.add("percent");
            if (this == HTTP_ABORT) all.add("after_bytes");
            all.addAll(HTTP_MATCHERS);
        }
        return all;
    }
}
