package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The planted mechanisms of docs/demo.md, observed on the real running shop. */
class ShopMechanismsTest {
    private static Shop shop;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Answer(int status, String body, long millis) {
    }

    @BeforeAll
    static void startShop() {
        shop = Shop.builder().javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()).start();
        // Warm up the JIT so timing-dependent mechanisms are not judged on a cold JVM.
        try {
            for (int i = 0; i < 40; i++) {
                send("GET", "/?user=w");
                send("POST", "/checkout?user=w");
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("warm-up failed", e);
        }
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    @AfterEach
    void restoreRoutes() {
        for (String s : shop.services()) shop.routeThrough(s, shop.address(s));
    }

    static Answer send(String method, String pathAndQuery) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(shop.frontend().resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), (System.nanoTime() - start) / 1_000_000);
    }

    static String metrics(String service) throws IOException, InterruptedException {
        InetSocketAddress a = shop.address(service);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static InetSocketAddress nothingListening() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next());
    }

    @Test
    void theThreeJourneysSucceedWhenNothingIsBroken() throws Exception {
        assertThat(send("GET", "/?user=u1").status()).isEqualTo(200);
        assertThat(send("POST", "/cart?user=u1&product=OLJCESPC7Z").status()).isEqualTo(200);
        Answer checkout = send("POST", "/checkout?user=u1");
        assertThat(checkout.status()).isEqualTo(200);
        assertThat(checkout.body()).contains("\"order\":");
    }

    @Test
    void checkoutFailsWhenInventoryIsSlowerThanItsTimeoutBecauseThereIsNoFallback() throws Exception {
        try (FakeUpstream slowInventory = FakeUpstream.slow(400)) {
            shop.routeThrough("inventory", slowInventory.address());
            Answer a = send("POST", "/checkout?user=u2");
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.body()).contains("inventory").contains("timed out after 250 ms");
            assertThat(a.millis()).isGreaterThanOrEqualTo(240L);
        }
    }

    @Test
    void checkoutSucceedsWhenInventoryIsSlowButWithinItsTimeout() throws Exception {
        try (FakeUpstream slowInventory = FakeUpstream.slow(100)) {
            shop.routeThrough("inventory", slowInventory.address());
            Answer a = send("POST", "/checkout?user=u3");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.millis()).isGreaterThanOrEqualTo(100L);
        }
    }

    @Test
    void paymentRetriesTripleTheLoadAndTheWaitBeforeCheckoutFails() throws Exception {
        try (FakeUpstream slowPayment = FakeUpstream.slow(350)) {
            shop.routeThrough("payment", slowPayment.address());
            Answer a = send("POST", "/checkout?user=u4");
            assertThat(a.status()).isEqualTo(503);
            assertThat(a.body()).contains("payment");
            assertThat(slowPayment.requests()).isEqualTo(3);
            assertThat(a.millis()).isGreaterThanOrEqualTo(900L);
        }
    }

    @Test
    void browseStillAnswers200WhenRecommendationsAreDown() throws Exception {
        shop.routeThrough("recommendations", nothingListening());
        Answer a = send("GET", "/?user=u5");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("\"recommendations\":[]");
        assertThat(metrics("frontend")).contains("event=\"fallback_recommendations\"");
    }

    @Test
    void theCircuitBreakerStopsCallingFailingRecommendationsAfterFiveFailures() throws Exception {
        try (FakeUpstream failing = FakeUpstream.failing(500)) {
            shop.routeThrough("recommendations", failing.address());
            for (int i = 0; i < 12; i++) assertThat(send("GET", "/?user=u6").status()).isEqualTo(200);
            assertThat(failing.requests()).isEqualTo(5);
        }
    }

    @Test
    void checkoutStillSucceedsWhenEmailIsDownBecauseEmailIsAsynchronous() throws Exception {
        shop.routeThrough("email", nothingListening());
        for (int i = 0; i < 5; i++) assertThat(send("POST", "/checkout?user=u7").status()).isEqualTo(200);
    }

    @Test
    void checkoutFallsBackToAFlatRateWhenShippingIsSlow() throws Exception {
        try (FakeUpstream slowShipping = FakeUpstream.slow(600)) {
            shop.routeThrough("shipping", slowShipping.address());
            Answer a = send("POST", "/checkout?user=u8");
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).contains("\"flatRate\":true");
        }
    }

    @Test
    void checkoutCallsTheCatalogForTheFlatRateOnlyWhenShippingFails() throws Exception {
        // (that it is not called while shipping answers: ShopTracesTest sees exactly the planted topology, without checkout->catalog)
        try (FakeUpstream slowShipping = FakeUpstream.slow(600)) {
            shop.routeThrough("shipping", slowShipping.address());
            assertThat(send("POST", "/checkout?user=u11").status()).isEqualTo(200);
        }
        assertThat(metrics("catalog")).contains("assay_demo_requests_total{service=\"catalog\",route=\"/shipping/flat-rate\",status=\"2xx\"}");
    }

    @Test
    void cartAndCheckoutFailWhenTheCartCacheIsUnavailable() throws Exception {
        shop.routeThrough("cart-db", nothingListening());
        assertThat(send("POST", "/cart?user=u9&product=OLJCESPC7Z").status()).isEqualTo(503);
        assertThat(send("POST", "/checkout?user=u9").status()).isEqualTo(503);
        assertThat(send("GET", "/?user=u9").status()).isEqualTo(200);
    }

    @Test
    void everyServiceExposesPrometheusMetricsWithALatencyHistogramPerRoute() throws Exception {
        send("POST", "/checkout?user=u10");
        String m = metrics("checkout");
        assertThat(m).contains("assay_demo_requests_total{service=\"checkout\",route=\"/checkout\",status=\"2xx\"}");
        assertThat(m).contains("assay_demo_request_duration_seconds_bucket{service=\"checkout\",route=\"/checkout\",le=\"+Inf\"}");
        for (String s : shop.services()) assertThat(metrics(s)).contains("# TYPE assay_demo_requests_total counter");
    }

    @Test
    void emailRunsAsASeparateOperatingSystemProcess() {
        assertThat(shop.process("email")).hasValueSatisfying(p -> {
            assertThat(p.isAlive()).isTrue();
            assertThat(p.pid()).isNotEqualTo(ProcessHandle.current().pid());
        });
        assertThat(shop.process("checkout")).isEmpty();
        assertThat(shop.services()).hasSize(12).contains("cart-db", "email", "recommendations", "assistant", "llm");
    }
}
