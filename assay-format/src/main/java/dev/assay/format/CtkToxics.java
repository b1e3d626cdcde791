package dev.assay.format;

import dev.assay.model.FaultType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What chaostoolkit-toxiproxy's actions ({@code chaostoxi.toxic.actions}, {@code chaostoxi.proxy.actions})
 * mean as Assay faults: the function, the argument naming the proxy, and each toxic attribute's parameter.
 */
final class CtkToxics {
    static final String TOXIC_MODULE = "chaostoxi.toxic.actions";
    static final String PROXY_MODULE = "chaostoxi.proxy.actions";

    /**
     * A toxic type of Toxiproxy and the Assay fault it becomes; attribute name -> magnitude parameter (numeric,
     * multiplied by {@link #scale}: Assay's {@code retry_after} is seconds, {@code retryAfter} milliseconds) and
     * word attribute -> text parameter (values with {@code _} spelled with {@code -}: {@code wrong_type}).
     */
    record Toxic(String toxicType, FaultType faultType, Map<String, String> attributes, Map<String, String> words, Map<String, Double> scale) {
        Toxic(String toxicType, FaultType faultType, Map<String, String> attributes) {
            this(toxicType, faultType, attributes, Map.of(), Map.of());
        }
    }

    static final List<Toxic> TOXICS = List.of(
            new Toxic("latency", FaultType.LATENCY, ordered("latency", "delayMs", "jitter", "jitterMs")),
            new Toxic("bandwidth", FaultType.BANDWIDTH, ordered("rate", "rateKbps")),
            new Toxic("slow_close", FaultType.SLOW_CLOSE, ordered("delay", "delayMs")),
            new Toxic("timeout", FaultType.UNAVAILABLE, ordered()),
            new Toxic("reset_peer", FaultType.RESET, ordered("timeout", "timeoutMs")),
            new Toxic("slicer", FaultType.SLICER, ordered("average_size", "averageSize", "size_variation", "sizeVariation", "delay", "delayUs")),
            // Assay's proxy extension toxics (INJECTORS.md), reachable from CTK through create_toxic(toxic_type=...).
            new Toxic("http_rate_limit", FaultType.RATE_LIMIT, ordered("status", "status", "retry_after", "retryAfter", "quota", "quota",
                    "window_ms", "windowMs"), ordered("style", "style"), Map.of("retry_after", 1000.0)),
            new Toxic("http_overloaded", FaultType.OVERLOADED, ordered("status", "status"), ordered("style", "style"), Map.of()),
            new Toxic("slow_stream", FaultType.SLOW_STREAM, ordered("first_event_delay", "firstEventDelayMs",
                    "between_events_delay", "betweenEventsDelayMs")),
            new Toxic("stream_cut", FaultType.STREAM_CUT, ordered("after_events", "afterEvents", "after_bytes", "afterBytes",
                    "final_event", "finalEvent")),
            new Toxic("malformed_body", FaultType.MALFORMED_BODY, ordered(), ordered("mode", "mode", "field", "field"), Map.of()));

    /** The convenience actions of chaostoxi.toxic.actions: function -> toxic type, argument -> attribute. */
    record Shortcut(String func, String toxicType, Map<String, String> arguments) {
    }

    static final List<Shortcut> SHORTCUTS = List.of(
            new Shortcut("create_latency_toxic", "latency", ordered("latency", "latency", "jitter", "jitter")),
            new Shortcut("create_bandwith_degradation_toxic", "bandwidth", ordered("rate", "rate")),
            new Shortcut("create_slow_connection_close_toxic", "slow_close", ordered("delay", "delay")),
            new Shortcut("create_timeout_toxic", "timeout", ordered("timeout", "timeout")),
            new Shortcut("create_slicer_toxic", "slicer", ordered("average_size", "average_size", "size_variation", "size_variation", "delay", "delay")),
            new Shortcut("create_limiter_toxic", "limit_data", ordered("bytes_limit", "bytes")));

    /** Toxiproxy set-up and clean-up actions that inject nothing. */
    static final List<String> NOT_FAULTS = List.of("delete_toxic", "create_proxy", "enable_proxy", "delete_proxy");

    private CtkToxics() {
    }

    static Optional<Toxic> toxic(String type) {
        return TOXICS.stream().filter(t -> t.toxicType().equals(type)).findFirst();
    }

    static Optional<Shortcut> shortcut(String func) {
        return SHORTCUTS.stream().filter(s -> s.func().equals(func)).findFirst();
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }
}
