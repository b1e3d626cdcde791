package dev.assay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.assay.format.TopologyFormat;
import dev.assay.model.AssayException;
import dev.assay.planner.Candidate;
import dev.assay.proxy.BrowserGuard;
import dev.assay.proxy.FaultProxyException;
import dev.assay.runner.Learned;
import dev.assay.runner.Reports;
import dev.assay.verdict.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JSON HTTP API of {@code assay serve} ({@code docs/openapi.yaml}). Loopback by default; any other address needs a
 * token, which every request must then send as {@code Authorization: Bearer T}. The fault proxy's {@link BrowserGuard}
 * applies: a foreign {@code Origin} or (on loopback) a non-loopback {@code Host} is a 403, a write that is not JSON a 415.
 * Bad input is a 400 {@code {"error", "where", "hint"}}.
 */
public final class ApiServer implements AutoCloseable {
    static final int MAX_BODY = 64 * 1024;

    private final HttpServer http;
    private final ExecutorService executor;
    private final Controller controller;
    /** Liveness/readiness for Kubernetes probes: answered without a token or Host check (it tells nothing about the system). */
    public static final String HEALTH_PATH = "/healthz";
    /** Where the dashboard's pages are ({@code docs/dashboard.md}); a browser off loopback logs in at {@code /dashboard/login?token=T}. */
    public static final String DASHBOARD_PATH = "/dashboard";
    static final String TOKEN_COOKIE = "assay_token";
    private final BrowserGuard guard;
    private final Optional<byte[]> token;
    private final Optional<String> tokenText;
    private final boolean loopback;
    private final com.sun.net.httpserver.HttpHandler dashboard;

    private ApiServer(HttpServer http, ExecutorService executor, Controller controller, boolean loopback, Optional<String> token) {
        this.http = http;
        this.loopback = loopback;
        this.tokenText = token;
        this.dashboard = dev.assay.dashboard.Dashboard.handler(DASHBOARD_PATH, ControllerDashboardModel.of(controller));
        this.executor = executor;
        this.controller = controller;
        this.guard = BrowserGuard.forApi(loopback);
        this.token = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    /** Listens on {@code address}; refuses (an invalid-input error) a non-loopback address without a token. */
    public static ApiServer start(InetSocketAddress address, Optional<String> token, Controller controller) {
        boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
        if (!loopback && token.isEmpty()) {
            throw new dev.assay.model.InvalidInputException("--listen " + address.getHostString() + ":" + address.getPort() + " is not loopback:"
                    + " anyone who can reach it could inject faults. Pass --token T (clients then send 'Authorization: Bearer T') or listen on 127.0.0.1");
        }
        token.filter(t -> t.length() < 16).ifPresent(t -> {
            throw new dev.assay.model.InvalidInputException("--token must be at least 16 characters (e.g. `openssl rand -hex 16`)");
        });
        try {
            HttpServer http = HttpServer.create(address, 64);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            http.setExecutor(executor);
            ApiServer api = new ApiServer(http, executor, controller, loopback, token);
            http.createContext("/", api::handle);
            http.start();
            return api;
        } catch (IOException e) {
            throw new dev.assay.model.InvalidInputException("cannot listen on " + address + ": " + e.getMessage() + "; pick another --listen address");
        }
    }

    public InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (ex.getRequestURI().getPath().equals(HEALTH_PATH) && method.equals("GET")) { // probes: no token, any Host; says nothing
                byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, ok.length);
                ex.getResponseBody().write(ok);
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals(DASHBOARD_PATH) || path.startsWith(DASHBOARD_PATH + "/")) {
                dashboard(ex, path);
                return;
            }
            Optional<FaultProxyException> refused = guard.check(method, header(ex, "Host"), header(ex, "Origin"), header(ex, "Content-Type"),
                    header(ex, "Sec-Fetch-Site").isPresent() || header(ex, "Sec-Fetch-Mode").isPresent());
            if (refused.isPresent()) {
                send(ex, refused.get().status(), Views.error(new ApiException(refused.get().status(), refused.get().getMessage(), "headers",
                        "see SAFETY.md: the API is for programs and the CLI, not for web pages")));
                return;
            }
            if (token.isPresent() && !MessageDigest.isEqual(token.get(), header(ex, "Authorization").orElse("").getBytes(StandardCharsets.UTF_8))) {
                send(ex, 401, Views.error(new ApiException(401, "missing or wrong bearer token", "Authorization",
                        "send 'Authorization: Bearer <token>' (assay ... --server URL --token T)")));
                return;
            }
            try {
                route(ex, method, ex.getRequestURI().getPath());
            } catch (ApiException e) {
                send(ex, e.status(), Views.error(e));
            } catch (AssayException e) {
                send(ex, 400, Views.error(ApiException.badRequest(e.getMessage(), ex.getRequestURI().getPath(), "fix the request as the error says")));
            } catch (RuntimeException e) {
                send(ex, 500, Views.error(new ApiException(500, "internal error: " + e, ex.getRequestURI().getPath(),
                        "the server's log has the details; please report it")));
            }
        }
    }

    /**
     * The dashboard is for browsers, so the API's "not for web pages" refusal does not apply; what does: on loopback a
     * non-loopback Host is refused (DNS rebinding), the dashboard refuses a cross-origin Stop itself, and with a token every
     * page needs it, as the bearer header or as the HttpOnly SameSite=Strict cookie {@code /dashboard/login?token=T} sets.
     */
    private void dashboard(HttpExchange ex, String path) throws IOException {
        Optional<String> host = header(ex, "Host");
        if (loopback && host.isPresent() && !BrowserGuard.loopbackHost(host.get())) {
            text(ex, 403, "Host '" + host.get() + "' is not this loopback server's address; open http://127.0.0.1:" + address().getPort()
                    + DASHBOARD_PATH + "/ (other names are refused against DNS rebinding)");
            return;
        }
        if (tokenText.isPresent()) {
            if (path.equals(DASHBOARD_PATH + "/login")) {
                Optional<String> given = query(ex, "token");
                if (given.isEmpty() || !MessageDigest.isEqual(tokenText.get().getBytes(StandardCharsets.UTF_8), given.get().getBytes(StandardCharsets.UTF_8))) {
                    text(ex, 401, "wrong or missing token; open " + DASHBOARD_PATH + "/login?token=<the serve --token>");
                    return;
                }
                ex.getResponseHeaders().add("Set-Cookie", TOKEN_COOKIE + "=" + given.get() + "; Path=" + DASHBOARD_PATH + "; HttpOnly; SameSite=Strict");
                ex.getResponseHeaders().set("Location", DASHBOARD_PATH + "/");
                ex.sendResponseHeaders(303, -1);
                return;
            }
            boolean bearer = MessageDigest.isEqual(token.get(), header(ex, "Authorization").orElse("").getBytes(StandardCharsets.UTF_8));
            if (!bearer && !MessageDigest.isEqual(tokenText.get().getBytes(StandardCharsets.UTF_8), cookie(ex).getBytes(StandardCharsets.UTF_8))) {
                text(ex, 401, "this dashboard needs the serve token: open " + DASHBOARD_PATH + "/login?token=<the serve --token> once (it sets a cookie)");
                return;
            }
        }
        dashboard.handle(ex);
    }

    private static String cookie(HttpExchange ex) {
        for (String h : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String c : h.split(";")) {
                String t = c.strip();
                if (t.startsWith(TOKEN_COOKIE + "=")) return t.substring(TOKEN_COOKIE.length() + 1);
            }
        }
        return "";
    }

    private static Optional<String> query(HttpExchange ex, String name) {
        String q = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
        for (String p : q.split("&")) {
            if (p.startsWith(name + "=")) return Optional.of(java.net.URLDecoder.decode(p.substring(name.length() + 1), StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private void route(HttpExchange ex, String method, String path) throws IOException {
        switch (method + " " + path) {
            case "GET /api/graph" -> send(ex, 200, Views.JSON.readTree(TopologyFormat.printJson(controller.topology())));
            case "GET /api/plan" -> send(ex, 200, Views.plan(controller.plan(), controller.stale(), top(ex)));
            case "POST /api/runs" -> {
                Optional<String> intent = intent(body(ex));
                Candidate c = controller.choose(intent);
                controller.start(c, "started through the API" + intent.map(i -> " for intent " + i).orElse(" (the plan's best)"));
                send(ex, 202, Views.JSON.createObjectNode().put("intent", c.intent().orElseThrow()).put("candidate", c.id()).put("eigBits", c.eigBits())
                        .put("live", "/api/live"));
            }
            case "DELETE /api/runs/current", "POST /api/runs/current/stop" -> {
                boolean stopped = controller.stop();
                send(ex, 200, Views.JSON.createObjectNode().put("stopped", stopped)
                        .put("detail", stopped ? "rolling back every fault; GET /api/live shows the phase" : "no run in progress"));
            }
            case "GET /api/outcomes" -> send(ex, 200, report());
            case "GET /api/findings" -> send(ex, 200, Views.JSON.createObjectNode().set("findings", report().get("findings")));
            case "GET /api/budgets" -> {
                ObjectNode o = Views.JSON.createObjectNode();
                ArrayNode slos = o.putArray("slos");
                controller.budgets().statuses(controller.system().slos()).forEach(s -> slos.add(Views.budget(s)));
                ObjectNode r = report();
                o.set("resilience", r.get("budgets"));
                o.set("scores", r.get("scores"));
                send(ex, 200, o);
            }
            case "GET /api/beliefs" -> send(ex, 200, Views.JSON.readTree(controller.learner().snapshotJson()));
            case "GET /api/decisions" -> {
                ArrayNode a = Views.JSON.createArrayNode();
                controller.journal().decisions().forEach(d -> a.add(Views.decision(d)));
                send(ex, 200, Views.JSON.createObjectNode().set("decisions", a));
            }
            case "GET /api/freeze" -> send(ex, 200, Views.freeze(controller.freeze().status()));
            case "POST /api/freeze" -> {
                JsonNode reason = body(ex).path("reason");
                if (!reason.isTextual() || reason.asText().isBlank()) {
                    throw ApiException.badRequest("a freeze needs a reason", "reason", "send {\"reason\": \"release of payment 2.3\"}");
                }
                controller.freeze().freeze(reason.asText());
                controller.journal().recordDecision(new dev.assay.journal.Journal.Decision(controller.clock().instant(), "FROZEN", Optional.empty(),
                        Optional.empty(), "frozen by the operator: " + reason.asText().strip()));
                send(ex, 200, Views.freeze(controller.freeze().status()));
            }
            case "DELETE /api/freeze" -> {
                controller.freeze().unfreeze();
                controller.journal().recordDecision(new dev.assay.journal.Journal.Decision(controller.clock().instant(), "UNFROZEN", Optional.empty(),
                        Optional.empty(), "unfrozen by the operator"));
                send(ex, 200, Views.freeze(controller.freeze().status()));
            }
            case "GET /api/live" -> send(ex, 200, controller.live().map(l -> Views.live(l).put("running", !controller.idle()))
                    .orElseGet(() -> Views.JSON.createObjectNode().put("running", false)));
            case "GET /api/live/stream" -> LiveStream.serve(ex, controller);
            default -> throw new ApiException(404, "no " + method + " " + path, "path", "docs/openapi.yaml lists every endpoint (GET /api/plan, POST /api/runs, ...)");
        }
    }

    private ObjectNode report() throws IOException {
        List<Outcome> outcomes = controller.journal().outcomes();
        return (ObjectNode) Views.JSON.readTree(Reports.render(outcomes, Learned.of(controller.learner(), outcomes), Reports.Format.JSON));
    }

    private static int top(HttpExchange ex) {
        String q = Optional.ofNullable(ex.getRequestURI().getQuery()).orElse("");
        for (String p : q.split("&")) {
            if (!p.startsWith("top=")) continue;
            try {
                int n = Integer.parseInt(p.substring(4));
                if (n >= 0 && n <= 10_000) return n;
            } catch (NumberFormatException e) {
                // reported below
            }
            throw ApiException.badRequest("top must be a whole number from 0 to 10000, was '" + p.substring(4) + "'", "top", "e.g. GET /api/plan?top=10");
        }
        return 10;
    }

    private static Optional<String> intent(JsonNode body) {
        body.fieldNames().forEachRemaining(f -> {
            if (!f.equals("intent")) throw ApiException.badRequest("unknown field '" + f + "'", f, "a run takes {\"intent\": \"ID\"}, or {} for the plan's best");
        });
        JsonNode i = body.path("intent");
        if (i.isMissingNode() || i.isNull()) return Optional.empty();
        if (!i.isTextual()) throw ApiException.badRequest("intent must be a string, was " + i.getNodeType(), "intent", "send {\"intent\": \"ID\"}");
        return Optional.of(i.asText());
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] bytes;
        try (InputStream in = ex.getRequestBody()) {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY) throw new ApiException(413, "the body is larger than 64 KiB", "body", "send a small JSON object");
        if (bytes.length == 0) return Views.JSON.createObjectNode();
        JsonNode n;
        try {
            n = Views.JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getOriginalMessage(), "body", "send a JSON object, e.g. {\"intent\": \"ID\"}");
        }
        if (n == null || !n.isObject()) throw ApiException.badRequest("the body must be a JSON object", "body", "send e.g. {\"intent\": \"ID\"}");
        return n;
    }

    private static Optional<String> header(HttpExchange ex, String name) {
        return Optional.ofNullable(ex.getRequestHeaders().getFirst(name));
    }

    static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = (Views.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
