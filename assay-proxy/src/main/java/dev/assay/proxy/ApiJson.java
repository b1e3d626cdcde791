package dev.assay.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.spi.Lease;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Toxiproxy's JSON shapes for proxies, toxics and errors, plus Assay's lease fields. */
final class ApiJson {
    /** Deepest nesting a body or populate file may have: Toxiproxy's shapes are 3 levels deep. */
    static final int MAX_DEPTH = 32;
    /** Largest body or populate file, enforced while reading. */
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_STRING = 64 << 10;
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING)
                    .maxNumberLength(64).maxDocumentLength(MAX_BYTES).build())
            .build());

    private ApiJson() {
    }

    /** Where a JSON text went wrong: line, column, the JSON path reached (a JSON pointer) and why. */
    record Malformed(int line, int column, String path, String reason) {
    }

    static JsonNode parse(String body) {
        if (body.isBlank()) throw FaultProxyException.badRequest("bad request body: empty; expected a JSON object");
        return read(body, m -> FaultProxyException.badRequest("bad request body: malformed JSON at line " + m.line() + ", column "
                + m.column() + " (JSON path " + m.path() + "): " + m.reason()));
    }

    /**
     * Parses {@code text} under the depth, size and length limits; {@code error} turns a problem into the
     * exception to throw. Never returns null (empty text is a problem).
     */
    static JsonNode read(String text, java.util.function.Function<Malformed, RuntimeException> error) {
        JsonParser parser = null;
        try {
            parser = MAPPER.createParser(text);
            JsonNode n = MAPPER.readTree(parser);
            if (n == null || n.isMissingNode()) throw error.apply(new Malformed(1, 1, "/", "no JSON value"));
            if (parser.nextToken() != null) {
                JsonLocation l = parser.currentTokenLocation();
                throw error.apply(new Malformed(l.getLineNr(), l.getColumnNr(), "/", "more content after the JSON value"));
            }
            return n;
        } catch (StreamConstraintsException e) {
            throw error.apply(malformed(parser, e, limitReason(e)));
        } catch (JsonProcessingException e) {
            throw error.apply(malformed(parser, e, e.getOriginalMessage()));
        } catch (IOException e) {
            throw error.apply(new Malformed(1, 1, "/", String.valueOf(e.getMessage())));
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // a string source: nothing to release
                }
            }
        }
    }

    private static String limitReason(StreamConstraintsException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("nesting depth")) return "nested deeper than " + MAX_DEPTH + " levels; a proxy or toxic body is only 3 levels deep";
        if (m.contains("document length")) return "larger than " + (MAX_BYTES >> 10) + " KiB; split it into several requests";
        if (m.contains("String value length")) return "a string longer than " + (MAX_STRING >> 10) + " KiB";
        if (m.contains("Number value length")) return "a number with more than 64 digits";
        return m.split("\\(", 2)[0].trim();
    }

    private static Malformed malformed(JsonParser parser, JsonProcessingException e, String reason) {
        JsonLocation l = e.getLocation() != null ? e.getLocation() : parser == null ? null : parser.currentLocation();
        String path = parser == null ? "/" : parser.getParsingContext().pathAsPointer().toString();
        if (path.isEmpty()) path = "/";
        if (path.length() > 80) path = path.substring(0, 77) + "...";
        String why = reason == null ? "malformed" : reason.lines().findFirst().orElse(reason);
        if (why.length() > 200) why = why.substring(0, 197) + "...";
        return new Malformed(l == null ? 1 : l.getLineNr(), l == null ? 1 : l.getColumnNr(), path, why);
    }

    static JsonNode object(JsonNode node, String what) {
        if (!node.isObject()) throw FaultProxyException.badRequest("bad request body: " + what + " must be a JSON object");
        return node;
    }

    /** A proxy from a create/populate body; missing enabled means true, missing mode means tcp. */
    static ProxySpec proxy(JsonNode n) {
        object(n, "a proxy");
        String name = text(n, "name", true, "");
        String upstream = text(n, "upstream", true, "");
        String listen = text(n, "listen", false, "127.0.0.1:0");
        boolean enabled = !n.has("enabled") || bool(n, "enabled");
        return new ProxySpec(name, listen, upstream, enabled, mode(n, ProxySpec.Mode.TCP), limits(n, ConnectionLimits.INHERIT),
                reuse(n, ProxySpec.HttpReuse.SAFE));
    }

    /** Assay's per-proxy limits: {@code client_idle_timeout}, {@code upstream_idle_timeout} (seconds), {@code max_connections}. */
    private static ConnectionLimits limits(JsonNode n, ConnectionLimits current) {
        ConnectionLimits l = current;
        if (present(n, "client_idle_timeout")) l = l.withClientIdle(seconds(n, "client_idle_timeout"));
        if (present(n, "upstream_idle_timeout")) l = l.withUpstreamIdle(seconds(n, "upstream_idle_timeout"));
        if (present(n, "max_connections")) {
            double v = number(n, "max_connections");
            if (v != Math.rint(v) || v < 1 || v > ConnectionLimits.MAX_CONNECTIONS) {
                throw FaultProxyException.badRequest("max_connections must be a whole number 1-" + ConnectionLimits.MAX_CONNECTIONS + " (got " + v + ")");
            }
            l = l.withMaxConnections((int) v);
        }
        return l;
    }

    private static boolean present(JsonNode n, String field) {
        return n.has(field) && !n.get(field).isNull();
    }

    private static Duration seconds(JsonNode n, String field) {
        double v = number(n, field);
        if (!(v > 0) || v > ConnectionLimits.MAX_IDLE.toSeconds()) {
            throw FaultProxyException.badRequest(field + " must be a number of seconds between 0.001 and 86400 (got " + v + ")");
        }
        return Duration.ofMillis(Math.max(1, Math.round(v * 1000)));
    }

    /** An update body: fields not given keep their current value. */
    static ProxySpec proxyUpdate(ProxySpec current, JsonNode n) {
        object(n, "a proxy update");
        return new ProxySpec(current.name(), text(n, "listen", false, current.listen()), text(n, "upstream", false, current.upstream()),
                n.has("enabled") ? bool(n, "enabled") : current.enabled(), mode(n, current.mode()), limits(n, current.limits()),
                reuse(n, current.httpReuse()));
    }

    /** Assay's {@code http_reuse}: never, safe (default) or always. */
    private static ProxySpec.HttpReuse reuse(JsonNode n, ProxySpec.HttpReuse fallback) {
        return ProxySpec.HttpReuse.parse(text(n, "http_reuse", false, fallback.wire()));
    }

    private static ProxySpec.Mode mode(JsonNode n, ProxySpec.Mode fallback) {
        String m = text(n, "mode", false, fallback.name().toLowerCase(Locale.ROOT));
        return switch (m) {
            case "tcp" -> ProxySpec.Mode.TCP;
            case "http" -> ProxySpec.Mode.HTTP;
            default -> throw FaultProxyException.badRequest("mode must be tcp or http (got '" + m + "')");
        };
    }

    /** A toxic from a create body, with Toxiproxy's defaults (stream downstream, name type_stream, toxicity 1). */
    static ToxicSpec toxic(JsonNode n) {
        object(n, "a toxic");
        String type = text(n, "type", true, "");
        ToxicKind.of(type);
        ToxicSpec.Stream stream = ToxicSpec.Stream.parse(text(n, "stream", false, "downstream"));
        String name = text(n, "name", false, type + "_" + stream.wire());
        double toxicity = n.has("toxicity") ? number(n, "toxicity") : 1.0;
        return new ToxicSpec(name, type, stream, toxicity, attributes(n.get("attributes")), ttl(n), lease(n));
    }

    /** An update body: attributes given replace those of the same name; other fields keep their value. */
    static ToxicSpec toxicUpdate(ToxicSpec current, JsonNode n) {
        object(n, "a toxic update");
        Map<String, Object> attrs = new LinkedHashMap<>(current.attributes());
        attrs.putAll(attributes(n.get("attributes")));
        ToxicSpec.Stream stream = n.has("stream") ? ToxicSpec.Stream.parse(text(n, "stream", true, "")) : current.stream();
        double toxicity = n.has("toxicity") ? number(n, "toxicity") : current.toxicity();
        Optional<Duration> ttl = n.has("ttl") ? ttl(n) : current.ttl();
        Optional<String> lease = n.has("lease") ? lease(n) : current.lease();
        return new ToxicSpec(current.name(), current.type(), stream, toxicity, attrs, ttl, lease);
    }

    private static Map<String, Object> attributes(JsonNode a) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (a == null || a.isNull()) return out;
        if (!a.isObject()) throw FaultProxyException.badRequest("attributes must be a JSON object");
        a.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isIntegralNumber() && v.canConvertToLong()) out.put(e.getKey(), v.longValue());
            else if (v.isNumber()) out.put(e.getKey(), v.doubleValue());
            else if (v.isTextual()) out.put(e.getKey(), v.textValue());
            else if (v.isBoolean()) out.put(e.getKey(), v.booleanValue());
            else throw FaultProxyException.badRequest("attributes." + e.getKey() + " must be a number or a string");
        });
        return out;
    }

    private static Optional<Duration> ttl(JsonNode n) {
        if (!n.has("ttl") || n.get("ttl").isNull()) return Optional.empty();
        double seconds = number(n, "ttl");
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    private static Optional<String> lease(JsonNode n) {
        if (!n.has("lease") || n.get("lease").isNull()) return Optional.empty();
        return Optional.of(text(n, "lease", true, ""));
    }

    static Duration leaseTtl(JsonNode n, boolean required) {
        object(n, "a lease request");
        if (!n.has("ttl")) {
            if (required) throw FaultProxyException.badRequest("missing required field: ttl (seconds the lease lives unrenewed)");
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.round(number(n, "ttl") * 1000));
    }

    static String text(JsonNode n, String field, boolean required, String fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
            if (required) throw FaultProxyException.badRequest("missing required field: " + field);
            return fallback;
        }
        if (!v.isTextual()) throw FaultProxyException.badRequest(field + " must be a string");
        return v.textValue();
    }

    private static boolean bool(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isBoolean()) throw FaultProxyException.badRequest(field + " must be true or false");
        return v.booleanValue();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (!v.isNumber()) throw FaultProxyException.badRequest(field + " must be a number");
        double d = v.doubleValue();
        if (!Double.isFinite(d)) throw FaultProxyException.badRequest(field + " must be a finite number (got " + v + ")");
        return d;
    }

    static ObjectNode write(FaultProxy.ProxyStatus s) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", s.spec().name());
        o.put("listen", s.spec().listen());
        o.put("upstream", s.spec().upstream());
        o.put("enabled", s.spec().enabled());
        o.put("mode", s.spec().mode().name().toLowerCase(Locale.ROOT));
        if (s.spec().mode() == ProxySpec.Mode.HTTP) o.put("http_reuse", s.spec().httpReuse().wire());
        ConnectionLimits l = s.spec().limits();
        l.clientIdle().ifPresent(d -> o.put("client_idle_timeout", d.toMillis() / 1000.0));
        l.upstreamIdle().ifPresent(d -> o.put("upstream_idle_timeout", d.toMillis() / 1000.0));
        l.maxConnections().ifPresent(c -> o.put("max_connections", c));
        ArrayNode toxics = o.putArray("toxics");
        s.toxics().forEach(t -> toxics.add(write(t)));
        return o;
    }

    static ObjectNode write(ToxicSpec t) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("name", t.name());
        o.put("type", t.type());
        o.put("stream", t.stream().wire());
        o.put("toxicity", t.toxicity());
        ObjectNode a = o.putObject("attributes");
        t.attributes().forEach((k, v) -> a.set(k, MAPPER.valueToTree(v)));
        t.ttl().ifPresent(d -> o.put("ttl", d.toMillis() / 1000.0));
        t.lease().ifPresent(l -> o.put("lease", l));
        return o;
    }

    static ObjectNode write(Lease l) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", l.id());
        o.put("expiresAt", l.expiresAt().toString());
        return o;
    }

    static ObjectNode error(String message, int status) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("error", message);
        o.put("status", status);
        return o;
    }
}
