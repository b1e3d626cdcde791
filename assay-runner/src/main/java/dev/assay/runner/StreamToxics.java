package dev.assay.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;

/**
 * The AI-API faults as Assay's HTTP-mode toxics ({@code http_rate_limit}, {@code http_overloaded},
 * {@code slow_stream}, {@code stream_cut}, {@code malformed_body}; INJECTORS.md). They answer or rewrite HTTP
 * messages and streams, so a TCP-mode proxy cannot apply them: that is refused with what to change.
 */
final class StreamToxics {
    private StreamToxics() {
    }

    /** Why {@code fault} cannot go through a proxy in {@code mode}; empty when it can. */
    static java.util.Optional<String> refusal(Fault fault, boolean http) {
        if (http || !fault.type().needsHttp()) return java.util.Optional.empty();
        return java.util.Optional.of(fault.type().id() + " answers or rewrites HTTP calls and streams, but proxy '" + fault.target()
                + "' is in TCP mode, where the proxy sees bytes, not requests; give it mode: http (assay.yaml proxies, or"
                + " POST /proxies with \"mode\": \"http\")");
    }

    /** Fills type and attributes of the toxic for one level of an AI-API fault ({@code a}: its attributes). */
    static void fill(Fault fault, Magnitude level, ObjectNode t, ObjectNode a) {
        FaultType type = fault.type();
        switch (type) {
            case RATE_LIMIT -> {
                t.put("type", "http_rate_limit");
                a.put("status", Math.round(level.valueOr(type, "status")));
                a.put("retry_after", (long) Math.ceil(level.valueOr(type, "retryAfter") / 1000));
                if (level.valueOr(type, "quota") > 0) {
                    a.put("quota", Math.round(level.valueOr(type, "quota")));
                    a.put("window_ms", Math.round(level.valueOr(type, "windowMs")));
                }
                a.put("style", level.textOr(type, "style").orElseThrow());
            }
            case OVERLOADED -> {
                t.put("type", "http_overloaded");
                a.put("status", Math.round(level.valueOr(type, "status")));
                a.put("style", level.textOr(type, "style").orElseThrow());
            }
            case SLOW_STREAM -> {
                t.put("type", "slow_stream");
                a.put("first_event_delay", Math.round(level.valueOr(type, "firstEventDelayMs")));
                a.put("between_events_delay", Math.round(level.valueOr(type, "betweenEventsDelayMs")));
            }
            case STREAM_CUT -> {
                t.put("type", "stream_cut");
                level.get("afterEvents").ifPresent(n -> a.put("after_events", Math.round(n)));
                level.get("afterBytes").ifPresent(n -> a.put("after_bytes", Math.round(n)));
                a.put("final_event", Math.round(level.valueOr(type, "finalEvent")));
            }
            case MALFORMED_BODY -> {
                t.put("type", "malformed_body");
                a.put("mode", level.textOr(type, "mode").orElseThrow().replace('-', '_'));
                level.text("field").ifPresent(f -> a.put("field", f));
            }
            default -> throw new IllegalArgumentException(type.id() + " is not an AI-API fault");
        }
        a.put("percent", fault.scope().percent());
        t.put("toxicity", 1.0);
    }
}
