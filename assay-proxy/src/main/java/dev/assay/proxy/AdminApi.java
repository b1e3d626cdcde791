package dev.assay.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Routes of the Toxiproxy 2.x REST API (same paths, bodies and status codes) plus Assay's {@code /leases} and
 * {@code /metrics}. Pure request-to-response; {@link AdminServer} does the HTTP.
 */
final class AdminApi {
    record Response(int status, String contentType, String body) {
        static Response json(int status, JsonNode node) {
            return new Response(status, "application/json", node.toString());
        }

        static Response noContent() {
            return new Response(204, "application/json", "");
        }
    }

    private final Engine engine;

    AdminApi(Engine engine) {
        this.engine = engine;
    }

    Response handle(String method, String rawPath, String body) {
        try {
            String[] pathAndQuery = rawPath.split("\\?", 2);
            if (method.equals("GET") && pathAndQuery[0].replaceAll("/+$", "").equals("/history")) {
                return HistoryApi.get(engine, pathAndQuery.length > 1 ? pathAndQuery[1] : "");
            }
            return route(method, pathAndQuery[0], body);
        } catch (FaultProxyException e) {
            return Response.json(e.status(), ApiJson.error(e.getMessage(), e.status()));
        }
    }

    private Response route(String method, String path, String body) {
        List<String> seg = new ArrayList<>(List.of(path.replaceAll("^/+|/+$", "").split("/+")));
        if (seg.size() == 1 && seg.get(0).isEmpty()) seg.clear();
        String key = method + " " + shape(seg);
        return switch (key) {
            case "GET version" -> Response.json(200, ApiJson.MAPPER.createObjectNode().put("version", FaultProxy.VERSION));
            case "GET metrics" -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", engine.metrics());
            case "POST reset" -> {
                engine.reset();
                yield Response.noContent();
            }
            case "GET proxies" -> {
                ObjectNode all = ApiJson.MAPPER.createObjectNode();
                engine.proxies().forEach(p -> all.set(p.spec().name(), ApiJson.write(p)));
                yield Response.json(200, all);
            }
            case "POST proxies" -> {
                ProxySpec spec = ApiJson.proxy(ApiJson.parse(body));
                yield Response.json(201, ApiJson.write(engine.createProxy(spec)));
            }
            case "POST populate" -> populate(body);
            case "GET proxies/*" -> Response.json(200, ApiJson.write(show(seg.get(1))));
            case "POST proxies/*", "PATCH proxies/*" -> {
                ProxySpec next = ApiJson.proxyUpdate(show(seg.get(1)).spec(), ApiJson.parse(body));
                yield Response.json(200, ApiJson.write(engine.updateProxy(next)));
            }
            case "DELETE proxies/*" -> {
                engine.deleteProxy(seg.get(1));
                yield Response.noContent();
            }
            case "GET proxies/*/toxics" -> {
                ArrayNode a = ApiJson.MAPPER.createArrayNode();
                show(seg.get(1)).toxics().forEach(t -> a.add(ApiJson.write(t)));
                yield Response.json(200, a);
            }
            case "POST proxies/*/toxics" -> {
                show(seg.get(1));
                ToxicSpec t = ApiJson.toxic(ApiJson.parse(body));
                yield Response.json(200, ApiJson.write(engine.addToxic(seg.get(1), t)));
            }
            case "GET proxies/*/toxics/*" -> Response.json(200, ApiJson.write(engine.toxic(seg.get(1), seg.get(3))));
            case "POST proxies/*/toxics/*", "PATCH proxies/*/toxics/*" -> {
                ToxicSpec next = ApiJson.toxicUpdate(engine.toxic(seg.get(1), seg.get(3)), ApiJson.parse(body));
                yield Response.json(200, ApiJson.write(engine.updateToxic(seg.get(1), next)));
            }
            case "DELETE proxies/*/toxics/*" -> {
                engine.removeToxic(seg.get(1), seg.get(3));
                yield Response.noContent();
            }
            case "POST leases" -> Response.json(201, ApiJson.write(engine.createLease(ApiJson.leaseTtl(ApiJson.parse(body), true))));
            case "DELETE leases/*" -> {
                engine.releaseLease(seg.get(1));
                yield Response.noContent();
            }
            case "POST leases/*/renew" -> {
                Duration ttl = body.isBlank() ? Duration.ZERO : ApiJson.leaseTtl(ApiJson.parse(body), false);
                yield Response.json(200, ApiJson.write(engine.renewLease(seg.get(1), ttl.isZero() ? Optional.empty() : Optional.of(ttl))));
            }
            default -> {
                if (knownPath(shape(seg))) throw new FaultProxyException(405, "method " + method + " not allowed on " + path);
                throw FaultProxyException.notFound("no such endpoint: " + method + " " + path
                        + " (see docs/proxy.md for the Toxiproxy-compatible API)");
            }
        };
    }

    private Response populate(String body) {
        JsonNode n = ApiJson.parse(body);
        if (n.isObject() && n.has("proxies")) n = n.get("proxies");
        if (!n.isArray()) throw FaultProxyException.badRequest("bad request body: populate takes a JSON array of proxies");
        List<ProxySpec> specs = new ArrayList<>();
        int i = 0;
        for (JsonNode p : n) {
            try {
                specs.add(ApiJson.proxy(p));
            } catch (FaultProxyException e) {
                throw new FaultProxyException(e.status(), "proxy #" + i + " (JSON path /" + i + "): " + e.getMessage());
            }
            i++;
        }
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("proxies");
        engine.populate(specs).forEach(s -> list.add(ApiJson.write(s)));
        return Response.json(201, out);
    }

    private FaultProxy.ProxyStatus show(String name) {
        return engine.proxy(name).orElseThrow(() -> FaultProxyException.notFound("proxy not found: " + name));
    }

    private static String shape(List<String> seg) {
        List<String> s = new ArrayList<>(seg);
        if (s.size() >= 2 && (s.get(0).equals("proxies") || s.get(0).equals("leases"))) s.set(1, "*");
        if (s.size() >= 4 && s.get(2).equals("toxics")) s.set(3, "*");
        return String.join("/", s);
    }

    private static boolean knownPath(String shape) {
        return List.of("version", "metrics", "history", "reset", "proxies", "populate", "proxies/*", "proxies/*/toxics", "proxies/*/toxics/*",
                "leases", "leases/*", "leases/*/renew").contains(shape);
    }
}
