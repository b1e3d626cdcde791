package dev.assay.proxy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for the fuzz targets: JSON-like text built from the tokens, field names and hostile values the
 * parsers must survive (deep nesting, huge and non-finite numbers, wrong types, stray bytes), and raw strings.
 * Hosts and ports come from a fixed set on loopback or invalid ones, so a fuzzed proxy never binds a port that
 * another program might want, nor sends traffic anywhere.
 */
final class FuzzInputs {
    private FuzzInputs() {
    }

    static Arbitrary<String> scalars() {
        return Arbitraries.of("0", "-1", "1", "1.5", "1e309", "-1e309", "99999999999999999999999", "1e-400", "NaN", "true", "false", "null",
                "\"\"", "\"127.0.0.1:0\"", "\"127.0.0.1:6379\"", "\"169.254.169.254:80\"", "\"[fe80::1]:80\"", "\"10.0.0.1:1\"",
                "\"127.0.0.1:99999\"", "\"127.0.0.1:-1\"", "\":\"", "\"x\"", "\"http\"", "\"tcp\"", "\"latency\"", "\"bandwidth\"",
                "\"slicer\"", "\"timeout\"", "\"reset_peer\"", "\"limit_data\"", "\"slow_close\"", "\"http_error\"", "\"http_delay\"",
                "\"http_abort\"", "\"upstream\"", "\"downstream\"", "\"p\"", "\"\\u0000\"", "\"\\ud800\"", "\"é\"", "[]", "{}");
    }

    static Arbitrary<String> keys() {
        return Arbitraries.of("name", "listen", "upstream", "enabled", "mode", "type", "stream", "toxicity", "attributes", "ttl", "lease",
                "latency", "jitter", "rate", "delay", "timeout", "average_size", "size_variation", "bytes", "status", "percent",
                "after_bytes", "method", "path_prefix", "header", "proxies", "max_connections", "client_idle_timeout",
                "upstream_idle_timeout", "", "\u0000", "x");
    }

    /** A JSON-ish value up to {@code depth} levels: mostly well-formed, with some broken syntax. */
    static Arbitrary<String> value(int depth) {
        if (depth <= 0) return scalars();
        Arbitrary<String> member = Combinators.combine(keys(), Arbitraries.lazy(() -> value(depth - 1)))
                .as((k, v) -> "\"" + k + "\":" + v);
        Arbitrary<String> object = member.list().ofMaxSize(6).map(m -> "{" + String.join(",", m) + "}");
        Arbitrary<String> array = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4).map(m -> "[" + String.join(",", m) + "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalars()),
                net.jqwik.api.Tuple.of(5, object),
                net.jqwik.api.Tuple.of(2, array));
    }

    /** Bodies: structured JSON-ish text, the same text cut or spliced, deep nesting, or any string at all. */
    static Arbitrary<String> bodies() {
        Arbitrary<String> json = value(4);
        Arbitrary<String> cut = Combinators.combine(json, Arbitraries.integers().between(0, 200)).as((s, n) -> s.substring(0, Math.min(n, s.length())));
        Arbitrary<String> deep = Combinators.combine(Arbitraries.of("[", "{\"a\":", "[{\"x\":"), Arbitraries.integers().between(1, 3000))
                .as((open, n) -> open.repeat(n));
        Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> spliced = Combinators.combine(json, noise).as((a, b) -> a + b);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, json),
                net.jqwik.api.Tuple.of(3, cut),
                net.jqwik.api.Tuple.of(2, deep),
                net.jqwik.api.Tuple.of(2, noise),
                net.jqwik.api.Tuple.of(2, spliced));
    }
}
