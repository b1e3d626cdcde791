package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard on {@code assay serve}'s own server, over the real controller of {@link Shop}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardServeTest {
    static final String TOKEN = "0123456789abcdef0123";
    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    @TempDir
    static Path dir;

    Shop shop;
    ApiServer open;
    ApiServer locked;

    @BeforeAll
    void start() throws Exception {
        shop = new Shop(dir);
        open = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty(), shop.controller);
        locked = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.of(TOKEN), shop.controller);
    }

    @AfterAll
    void stop() {
        if (open != null) open.close();
        if (locked != null) locked.close();
        if (shop != null) shop.close();
    }

    static URI at(ApiServer api, String path) {
        return URI.create("http://127.0.0.1:" + api.address().getPort() + path);
    }

    static HttpResponse<String> send(HttpRequest.Builder r) throws Exception {
        return CLIENT.send(r.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyPageIsHtmlNamingTheSystem() throws Exception {
        for (String page : new String[] {"/dashboard/", "/dashboard/graph", "/dashboard/plan", "/dashboard/live", "/dashboard/history",
                "/dashboard/findings", "/dashboard/budgets"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(at(open, page)).header("Sec-Fetch-Site", "same-origin").header("Sec-Fetch-Mode", "navigate"));
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(page).startsWith("text/html");
            assertThat(r.body()).as(page).contains("shop");
        }
        HttpResponse<String> graph = send(HttpRequest.newBuilder(at(open, "/dashboard/api/graph")));
        assertThat(graph.statusCode()).isEqualTo(200);
        assertThat(graph.body()).contains(Shop.EDGE);
    }

    @Test
    void stopWithNothingLiveIs409AndACrossSiteStopIs403() throws Exception {
        HttpResponse<String> own = send(HttpRequest.newBuilder(at(open, "/dashboard/api/live/stop")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://127.0.0.1:" + open.address().getPort()));
        assertThat(own.statusCode()).isEqualTo(409);
        assertThat(own.body()).contains("no experiment is live");
        HttpResponse<String> foreign = send(HttpRequest.newBuilder(at(open, "/dashboard/api/live/stop")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example"));
        assertThat(foreign.statusCode()).isEqualTo(403);
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            Thread.sleep(20);
        }
    }

    static String get(ApiServer api, String path) {
        try {
            return send(HttpRequest.newBuilder(at(api, path))).body();
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void theLiveViewShowsTheControllersRunAndItsStopRollsTheFaultBack() throws Exception {
        var c = shop.controller.choose(Optional.of("checkout-tolerates-a-slow-edge"));
        shop.controller.start(c, "started by DashboardServeTest");
        await("the fault is injected", () -> shop.toxics() == 1);
        await("the dashboard shows the injection", () -> {
            try {
                var live = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(open, "/dashboard/api/live"));
                return live.path("live").asBoolean() && live.path("phase").asText().equals("INJECTING");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(get(open, "/dashboard/api/live")).contains("checkout-tolerates-a-slow-edge");
        theGuardIsShownWithTheValueTheRunnerReadItsThresholdAndWhenItWasRead();
        HttpResponse<String> stop = send(HttpRequest.newBuilder(at(open, "/dashboard/api/live/stop")).POST(HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://127.0.0.1:" + open.address().getPort()));
        assertThat(stop.statusCode()).isEqualTo(200);
        await("the fault is rolled back", () -> shop.toxics() == 0);
        await("the outcome is journaled", () -> !shop.journal.outcomes().isEmpty() && shop.controller.idle());
        assertThat(shop.journal.outcomes().get(shop.journal.outcomes().size() - 1).abortReason().orElseThrow()).contains("stopped by the operator");
        await("the live view is empty again", () -> get(open, "/dashboard/api/live").replace(" ", "").contains("\"live\":false"));
        assertThat(get(open, "/dashboard/history")).contains("checkout-tolerates-a-slow-edge");
    }

    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static com.fasterxml.jackson.databind.JsonNode json(ApiServer api, String path) {
        try {
            return JSON.readTree(get(api, path));
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    /** The intent's abortWhen guard on the dashboard: as the runner reads it (the API's live view has the same reading). */
    private void theGuardIsShownWithTheValueTheRunnerReadItsThresholdAndWhenItWasRead() throws Exception {
        java.time.Instant started = java.time.Instant.parse(json(open, "/dashboard/api/live").path("startedAt").asText());
        java.util.concurrent.atomic.AtomicReference<com.fasterxml.jackson.databind.JsonNode> seen = new java.util.concurrent.atomic.AtomicReference<>();
        // one evaluation seen by both the dashboard and the API (the dashboard's read time unchanged around the API's read)
        await("the dashboard and the API show the same guard reading, with the fault's delay in it", () -> {
            var before = abortWhen(json(open, "/dashboard/api/live"), "guard", "abortWhen ");
            var api = abortWhen(json(open, "/api/live"), "origin", "abortWhen");
            var after = abortWhen(json(open, "/dashboard/api/live"), "guard", "abortWhen ");
            seen.set(after);
            return !after.path("readAt").isNull() && after.path("readAt").asText().equals(before.path("readAt").asText())
                    && api.path("value").isNumber() && api.path("value").asDouble() == after.path("value").asDouble()
                    && after.path("value").asDouble() >= 45; // 50 ms on half the calls reaches the p95
        });
        var g = seen.get();
        assertThat(g.path("guard").asText()).isEqualTo("abortWhen checkout.latency.p95 above 20 s");
        assertThat(g.path("sli").asText()).isEqualTo("checkout.latency.p95");
        assertThat(g.path("unit").asText()).isEqualTo("ms");
        assertThat(g.path("threshold").asDouble()).isEqualTo(20_000.0);
        assertThat(g.path("thresholdText").asText()).isEqualTo("20 s");
        assertThat(g.path("breachAbove").asBoolean()).isTrue();
        assertThat(g.path("valueText").asText()).endsWith(" ms");
        java.time.Instant readAt = java.time.Instant.parse(g.path("readAt").asText());
        assertThat(readAt).isAfterOrEqualTo(started).isBeforeOrEqualTo(java.time.Instant.now());
        await("a later reading", () -> {
            var next = abortWhen(json(open, "/dashboard/api/live"), "guard", "abortWhen ").path("readAt");
            return next.isTextual() && java.time.Instant.parse(next.asText()).isAfter(readAt);
        });
    }

    /** The guard on checkout.latency.p95 whose {@code field} starts with {@code prefix}; a missing node when there is none. */
    static com.fasterxml.jackson.databind.JsonNode abortWhen(com.fasterxml.jackson.databind.JsonNode live, String field, String prefix) {
        for (var g : live.path("guards")) {
            if (g.path("sli").asText().equals("checkout.latency.p95") && g.path(field).asText().startsWith(prefix)) return g;
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    @Test
    void theLiveViewIsStreamedAsServerSentEvents() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> r = CLIENT.send(HttpRequest.newBuilder(at(open, "/dashboard/api/live/stream"))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (var lines = r.body()) {
            assertThat(lines.filter(l -> l.startsWith("data: ")).findFirst()).hasValueSatisfying(d -> assertThat(d).contains("\"live\""));
        }
    }

    @Test
    void theApiStillRefusesWebPages() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(at(open, "/api/plan")).header("Origin", "https://evil.example"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(send(HttpRequest.newBuilder(at(open, "/dashboard/nope"))).statusCode()).isEqualTo(404);
    }

    @Test
    void withATokenTheDashboardNeedsTheLoginCookieOrTheBearerHeader() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(at(locked, "/dashboard/")));
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).contains("/dashboard/login?token=");
        assertThat(send(HttpRequest.newBuilder(at(locked, "/dashboard/login?token=wrong-wrong-wrong-wrong"))).statusCode()).isEqualTo(401);
        HttpResponse<String> login = send(HttpRequest.newBuilder(at(locked, "/dashboard/login?token=" + TOKEN)));
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/dashboard");
        HttpResponse<String> withCookie = send(HttpRequest.newBuilder(at(locked, "/dashboard/")).header("Cookie", cookie.split(";", 2)[0]));
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(withCookie.body()).contains("shop");
        assertThat(send(HttpRequest.newBuilder(at(locked, "/dashboard/plan")).header("Authorization", "Bearer " + TOKEN)).statusCode()).isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(at(locked, "/dashboard/")).header("Cookie", "assay_token=not-the-token")).statusCode()).isEqualTo(401);
    }
}
