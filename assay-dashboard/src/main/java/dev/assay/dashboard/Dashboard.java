package dev.assay.dashboard;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard: server-rendered pages (graph, plan, live run, history, findings, budgets and scores), their JSON and the
 * scripts and WebJars they use, all under one prefix of any JDK {@link HttpServer}:
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
 * Dashboard.mount(server, "/dashboard", JournalDashboardModel.open(journal, Clock.systemUTC()));
 * server.start();
 * }</pre>
 * Routes (below the prefix): {@code /graph /plan /live /history /findings /budgets} (HTML; {@code /} is the graph),
 * {@code GET /api/graph /api/live /api/history} (JSON), {@code GET /api/live/stream} (the live run as server-sent events,
 * where the model has a live run to follow; 404 otherwise, and the page polls {@code /api/live}), {@code POST /api/live/stop} (stops the live run; 409 when none is
 * live; a cross-origin request is refused with 403), {@code /assets/*} and {@code /webjars/*} (classpath, nothing fetched
 * elsewhere). Unknown paths are 404, wrong methods 405. A stream holds its request's thread while the page is open, so
 * give the server an executor (virtual threads) rather than the JDK's default single thread. See {@code docs/dashboard.md}.
 */
public final class Dashboard implements HttpHandler {
    private final String prefix;
    private final DashboardModel model;
    private final Views views;

    private Dashboard(String prefix, DashboardModel model) {
        this.prefix = prefix;
        this.model = model;
        this.views = new Views(prefix, model);
    }

    /**
     * Mounts the dashboard of {@code model} at {@code prefix} ({@code ""} or {@code "/"} for the root, else {@code /name}) on
     * {@code server}; returns the prefix as mounted (no trailing slash).
     */
    public static String mount(HttpServer server, String prefix, DashboardModel model) {
        requireNonNull(server, "server");
        requireNonNull(model, "model");
        String p = normalise(requireNonNull(prefix, "prefix"));
        server.createContext(p.isEmpty() ? "/" : p, new Dashboard(p, model));
        return p;
    }

    /**
     * The dashboard of {@code model} at {@code prefix} as a handler, for a server that routes to it itself (as {@code assay
     * serve}'s API server does, after its own Host and token checks); {@link #mount} is this plus {@code createContext}.
     */
    public static HttpHandler handler(String prefix, DashboardModel model) {
        return new Dashboard(normalise(requireNonNull(prefix, "prefix")), requireNonNull(model, "model"));
    }

    static String normalise(String prefix) {
        String p = prefix.strip();
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        if (!p.isEmpty() && !p.startsWith("/")) p = "/" + p;
        if (!p.matches("(/[A-Za-z0-9._-]+)*")) {
            throw new IllegalArgumentException("a dashboard prefix is a path like /dashboard (letters, digits, . _ -), was '" + prefix + "'");
        }
        return p;
    }

    @Override
    public void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getRawPath();
            if (!path.startsWith(prefix) || !(path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                send(x, 404, "text/plain", "not found: " + path);
                return;
            }
            String route = path.substring(prefix.length());
            if (route.isEmpty()) route = "/";
            String method = x.getRequestMethod();
            if (route.equals("/api/live/stop")) {
                if (!method.equals("POST")) {
                    x.getResponseHeaders().set("Allow", "POST");
                    send(x, 405, "text/plain", "POST to stop the live run");
                } else if (!sameOrigin(x)) {
                    send(x, 403, "application/json", "{\"error\":\"cross-origin stop refused: use the dashboard's own Stop button\"}");
                } else {
                    boolean stopped = model.stop();
                    send(x, stopped ? 200 : 409, "application/json", stopped ? "{\"stopping\":true}"
                            : "{\"stopping\":false,\"error\":\"no experiment is live\"}");
                }
                return;
            }
            if (route.equals(LiveStream.ROUTE) && method.equals("GET")) {
                LiveStream.serve(x, model);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                x.getResponseHeaders().set("Allow", "GET, HEAD");
                send(x, 405, "text/plain", method + " is not supported here; pages are read with GET");
                return;
            }
            if (route.startsWith("/assets/") || route.startsWith("/webjars/")) {
                asset(x, route);
                return;
            }
            Map.Entry<String, String> page = switch (route) {
                case "/", "/graph" -> Map.entry("text/html", views.graph());
                case "/plan" -> Map.entry("text/html", views.plan());
                case "/live" -> Map.entry("text/html", views.live());
                case "/history" -> Map.entry("text/html", views.history());
                case "/findings" -> Map.entry("text/html", views.findings());
                case "/budgets" -> Map.entry("text/html", views.budgets());
                case "/api/graph" -> Map.entry("application/json", Api.graph(model));
                case "/api/live" -> Map.entry("application/json", Api.live(model));
                case "/api/history" -> Map.entry("application/json", Api.history(model));
                default -> null;
            };
            if (page == null) send(x, 404, "text/html", views.notFound(route));
            else send(x, 200, page.getKey(), page.getValue());
        } catch (RuntimeException e) {
            send(x, 500, "text/plain", "the dashboard could not render this page: " + e.getMessage());
        }
    }

    /** A POST from a page of another origin carries an Origin header naming it; the dashboard's own pages name its host. */
    private static boolean sameOrigin(HttpExchange x) {
        String origin = x.getRequestHeaders().getFirst("Origin");
        String host = x.getRequestHeaders().getFirst("Host");
        return origin == null || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)));
    }

    private void asset(HttpExchange x, String route) throws IOException {
        String name = route.startsWith("/assets/") ? "dev/assay/dashboard/" + route.substring("/assets/".length())
                : "META-INF/resources" + route;
        if (name.contains("..") || name.contains("//")) {
            send(x, 404, "text/plain", "not found: " + route);
            return;
        }
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                send(x, 404, "text/plain", "not found: " + route);
                return;
            }
            byte[] body = in.readAllBytes();
            x.getResponseHeaders().set("Content-Type", contentType(name));
            x.getResponseHeaders().set("Cache-Control", "max-age=3600");
            x.sendResponseHeaders(200, x.getRequestMethod().equals("HEAD") ? -1 : body.length);
            if (!x.getRequestMethod().equals("HEAD")) x.getResponseBody().write(body);
        }
    }

    static String contentType(String name) {
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        if (name.endsWith(".svg")) return "image/svg+xml";
        return "application/octet-stream";
    }

    static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
