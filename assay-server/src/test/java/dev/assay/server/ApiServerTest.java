package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.journal.Journal;
import dev.assay.model.InvalidInputException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API over a real controller: a real service behind the real fault proxy, a real probe, the real SQLite journal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerTest {
    @TempDir
    static Path dir;

    Shop shop;
    ApiServer api;
    Http http;

    @BeforeAll
    void start() throws Exception {
        shop = new Shop(dir);
        api = ApiServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty(), shop.controller);
        http = new Http(URI.create("http://127.0.0.1:" + api.address().getPort()), Map.of());
    }

    @AfterAll
    void stop() {
        if (api != null) api.close();
        if (shop != null) shop.close();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void graphPlanBudgetsAndBeliefsAnswerJson() throws Exception {
        assertThat(http.get("/api/graph").body().path("services").toString()).contains("checkout").contains(Shop.EDGE);
        Http.Answer plan = http.get("/api/plan?top=3");
        assertThat(plan.status()).isEqualTo(200);
        assertThat(plan.body().path("candidates").findValuesAsText("intent")).contains("checkout-tolerates-a-slow-edge");
        assertThat(http.get("/api/budgets").body().has("slos")).isTrue();
        assertThat(http.get("/api/beliefs").body().has("edges")).isTrue();
        assertThat(http.get("/api/live").body().path("running").asBoolean()).isFalse();
    }

    @Test
    void aRunStartedThroughTheApiStreamsItsGuardsAndStopRollsItsFaultBack() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                HttpResponse<java.io.InputStream> r = Http.CLIENT.send(HttpRequest.newBuilder(http.base().resolve("/api/live/stream")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) if (line.startsWith("data: ")) events.add(line.substring(6));
                }
            } catch (Exception e) {
                // the stream ends with the test
            }
        });
        try {
            Http.Answer started = http.post("/api/runs", "{\"intent\": \"checkout-tolerates-a-slow-edge\"}");
            assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
            assertThat(started.body().path("intent").asText()).isEqualTo("checkout-tolerates-a-slow-edge");
            await("the fault is injected", () -> shop.toxics() == 1);
            Http.Answer busy = http.post("/api/runs", "{}");
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.body().path("error").asText()).contains("in progress");
            await("a guard value is read", () -> {
                try {
                    return http.get("/api/live").body().path("guards").path(0).path("value").isNumber();
                } catch (Exception e) {
                    return false;
                }
            });
            var live = http.get("/api/live").body();
            assertThat(live.path("phase").asText()).isEqualTo("INJECTING");
            assertThat(live.path("running").asBoolean()).isTrue();
            assertThat(live.path("guards").path(0).path("threshold").asDouble()).isEqualTo(20_000);
            assertThat(live.path("secondsLeft").asDouble()).isBetween(0.0, 60.0);
            await("the stream shows the injection", () -> events.stream().anyMatch(e -> e.contains("\"INJECTING\"")));

            Http.Answer stopped = http.delete("/api/runs/current");
            assertThat(stopped.body().path("stopped").asBoolean()).isTrue();
            await("the fault is rolled back", () -> shop.toxics() == 0);
            await("the outcome is journaled", () -> !shop.journal.outcomes().isEmpty() && shop.controller.idle());
            assertThat(shop.journal.outcomes().get(0).abortReason().orElseThrow()).contains("stopped by the operator");
            await("the stream shows the abort", () -> events.stream().anyMatch(e -> e.contains("\"ABORTED\"")));
            await("the decision is journaled", () -> shop.journal.decisions().stream().anyMatch(d -> d.action().equals("RAN")));
            Http.Answer outcomes = http.get("/api/outcomes");
            assertThat(outcomes.body().path("outcomes").path(0).path("verdict").asText()).isEqualTo("ABORTED");
            assertThat(outcomes.body().has("findings")).isTrue();
            assertThat(http.get("/api/findings").body().has("findings")).isTrue();
            assertThat(http.get("/api/decisions").body().path("decisions").findValuesAsText("action")).contains("RAN");
            assertThat(http.delete("/api/runs/current").body().path("stopped").asBoolean()).isFalse();
        } finally {
            reader.interrupt();
        }
    }

    @Test
    void aFreezeRefusesRunsUntilLiftedAndIsJournaled() throws Exception {
        Http.Answer frozen = http.post("/api/freeze", "{\"reason\": \"release of payment 2.3\"}");
        assertThat(frozen.status()).isEqualTo(200);
        assertThat(frozen.body().path("frozen").asBoolean()).isTrue();
        assertThat(http.get("/api/freeze").body().path("manual").path("reason").asText()).isEqualTo("release of payment 2.3");
        Http.Answer refused = http.post("/api/runs", "{}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("error").asText()).contains("frozen").contains("release of payment 2.3");
        assertThat(refused.body().path("hint").asText()).contains("unfreeze");
        assertThat(shop.toxics()).isZero();
        assertThat(http.delete("/api/freeze").body().path("frozen").asBoolean()).isFalse();
        assertThat(shop.journal.decisions()).extracting(Journal.Decision::action).contains("FROZEN", "UNFROZEN");
    }

    @Test
    void badInputIsA400WithWhereAndHint() throws Exception {
        List<Http.Answer> bad = new ArrayList<>();
        bad.add(http.post("/api/runs", "{\"intent\": 5}"));
        bad.add(http.post("/api/runs", "{\"intnet\": \"x\"}"));
        bad.add(http.post("/api/runs", "not json"));
        bad.add(http.post("/api/runs", "[1]"));
        bad.add(http.post("/api/runs", "{\"intent\": \"no-such-intent\"}"));
        bad.add(http.post("/api/freeze", "{}"));
        bad.add(http.get("/api/plan?top=many"));
        assertThat(bad).allSatisfy(a -> {
            assertThat(a.status()).as(a.body().toString()).isEqualTo(400);
            assertThat(a.body().path("error").asText()).isNotBlank();
            assertThat(a.body().path("where").asText()).isNotBlank();
            assertThat(a.body().path("hint").asText()).isNotBlank();
        });
        assertThat(bad.get(0).body().path("where").asText()).isEqualTo("intent");
        assertThat(bad.get(1).body().path("error").asText()).contains("unknown field 'intnet'");
        assertThat(bad.get(4).body().path("hint").asText()).contains("checkout-tolerates-a-slow-edge");
        assertThat(http.get("/api/nothing").status()).isEqualTo(404);
        assertThat(shop.toxics()).isZero();
    }

    @Test
    void browserPagesAreRefusedAsByTheProxyAdminApi() throws Exception {
        assertThat(http.send("POST", "/api/freeze", "{\"reason\": \"x\"}", "text/plain").status()).as("a simple-request body").isEqualTo(415);
        assertThat(new Http(http.base(), Map.of("Origin", "http://evil.example")).get("/api/plan").status()).isEqualTo(403);
        // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), api.address().getPort())) {
            s.getOutputStream().write("GET /api/plan HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).contains(" 403");
        }
        assertThat(http.get("/api/freeze").body().path("frozen").asBoolean()).isFalse();
    }

    @Test
    void theOpenApiDocumentListsEveryEndpointTheServerAnswers() throws Exception {
        String spec = java.nio.file.Files.readString(Path.of("..", "docs", "openapi.yaml"));
        List<String> paths = spec.lines().filter(l -> l.matches("  /api/\\S+:")).map(l -> l.strip().replace(":", "")).toList();
        assertThat(paths).containsExactlyInAnyOrder("/api/graph", "/api/plan", "/api/runs", "/api/runs/current", "/api/runs/current/stop",
                "/api/outcomes", "/api/findings", "/api/budgets", "/api/beliefs", "/api/decisions", "/api/freeze", "/api/live", "/api/live/stream");
        for (String p : List.of("/api/graph", "/api/plan", "/api/outcomes", "/api/findings", "/api/budgets", "/api/beliefs", "/api/decisions",
                "/api/freeze", "/api/live")) {
            assertThat(http.get(p).status()).as(p).isEqualTo(200);
        }
    }

    @Test
    void anyAddressButLoopbackNeedsATokenAndThenEveryRequestMustSendIt() throws Exception {
        assertThatThrownBy(() -> ApiServer.start(new InetSocketAddress("0.0.0.0", 0), Optional.empty(), shop.controller))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not loopback").hasMessageContaining("--token");
        assertThatThrownBy(() -> ApiServer.start(new InetSocketAddress("0.0.0.0", 0), Optional.of("short"), shop.controller))
                .hasMessageContaining("at least 16");
        String token = "0123456789abcdef0123";
        try (ApiServer open = ApiServer.start(new InetSocketAddress("0.0.0.0", 0), Optional.of(token), shop.controller)) {
            URI base = URI.create("http://127.0.0.1:" + open.address().getPort());
            Http.Answer none = new Http(base, Map.of()).get("/api/plan");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.body().path("hint").asText()).contains("Bearer");
            assertThat(new Http(base, Map.of("Authorization", "Bearer wrong")).post("/api/freeze", "{\"reason\": \"x\"}").status()).isEqualTo(401);
            assertThat(new Http(base, Map.of("Authorization", "Bearer " + token)).get("/api/plan").status()).isEqualTo(200);
            assertThat(new Http(base, Map.of()).get(ApiServer.HEALTH_PATH).status()).as("probes need no token").isEqualTo(200);
            assertThat(new Http(base, Map.of()).get("/healthz/../api/plan").status()).isIn(401, 404);
        }
        assertThat(shop.controller.freeze().status().frozen()).isFalse();
    }
}
