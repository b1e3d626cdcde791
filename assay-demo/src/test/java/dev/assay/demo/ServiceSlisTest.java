package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spi.Reading;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import dev.assay.verdict.Measurement;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-service SLIs scraped from the services' own /metrics: how the runner sees which services a fault reached. */
class ServiceSlisTest {
    private static double known(ServiceSlis slis, String sli) {
        Reading r = slis.read(sli, Duration.ofMillis(1500));
        assertThat(r).as(sli).isInstanceOf(Reading.Known.class);
        return ((Reading.Known) r).value();
    }

    @Test
    void theHistogramsQuantileIsInterpolatedWithinItsBucket() {
        double[] cumulative = new double[Metrics.BUCKETS_SECONDS.length];
        int at = java.util.Arrays.binarySearch(Metrics.BUCKETS_SECONDS, Metrics.BUCKETS_SECONDS[100]);
        for (int i = at; i < cumulative.length; i++) cumulative[i] = 100; // 100 requests, all in bucket 100
        double lower = 1000 * Metrics.BUCKETS_SECONDS[99];
        double upper = 1000 * Metrics.BUCKETS_SECONDS[100];
        assertThat(ServiceSlis.quantileMs(cumulative, 100, 0.5)).isCloseTo((lower + upper) / 2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(upper / lower).as("buckets 6% apart").isCloseTo(1.06, org.assertj.core.data.Offset.offset(0.002));
        assertThat(ServiceSlis.quantileMs(new double[cumulative.length], 10, 0.99)).as("beyond every bucket: the last bound")
                .isEqualTo(1000 * Metrics.BUCKETS_SECONDS[cumulative.length - 1]);
    }

    /**
     * A window ending now ends now, not at the last periodic scrape: with a scrape period of an hour, the requests served
     * since the window began are all in it (before, a guard-aborted fault window of a second or two lost up to a scrape
     * period of its requests, and the cart-db fault's window held 1 failed cart request of 25). Fails on the old code:
     * the read is Unknown (no scrape after the start).
     */
    @Test
    void aWindowEndingNowHoldsEveryRequestServedUpToNowWhateverTheScrapePeriod() throws Exception {
        Metrics metrics = new Metrics("cart");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", x -> {
            byte[] body = metrics.render().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try (ServiceSlis slis = ServiceSlis.start(Map.of("cart", server.getAddress()), Duration.ofHours(1), Clock.systemUTC())) {
            ChildJvms.await(() -> slis.read("service.cart.errors.rate", Duration.ofHours(1)) instanceof Reading.Unknown u && u.reason().contains("no requests"),
                    ChildJvms.GENEROUS, () -> "the first scrape never came");
            Thread.sleep(2 * ServiceSlis.FRESH_MS);
            Instant start = Instant.now();
            assertThat(slis.read("service.cart.errors.rate", Duration.ofMillis(1))).as("nothing served yet").isInstanceOf(Reading.Unknown.class);
            for (int i = 0; i < 30; i++) metrics.record("/cart", i % 3 == 0 ? 503 : 200, 0.040);
            Thread.sleep(2 * ServiceSlis.FRESH_MS);
            Duration window = Duration.between(start, Instant.now());
            assertThat(slis.read("service.cart.errors.rate", window)).isInstanceOfSatisfying(Reading.Known.class, k -> {
                assertThat(k.samples()).as("every request since the window began").isEqualTo(30);
                assertThat(k.value()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
            });
            assertThat(known(slis, "service.cart.latency.p50")).isBetween(38.0, 42.0);
            assertThat(slis.measure("service.cart.errors.rate", start, Instant.now())).hasValueSatisfying(m ->
                    assertThat(((Measurement.Rate) m).trials()).isEqualTo(30));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServiceFailingItsCallersShowsInItsErrorRateAndAnUntouchedOneDoesNot() throws Exception {
        try (Shop shop = Shop.builder().javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()).start();
             LoadGenerator load = LoadGenerator.builder(shop.frontend()).rate(60).start()) {
            Map<String, InetSocketAddress> own = new LinkedHashMap<>();
            shop.services().forEach(s -> own.put(s, shop.address(s)));
            try (ServiceSlis slis = ServiceSlis.start(own, Duration.ofMillis(250), Clock.systemUTC())) {
                DemoStackTest.awaitSteadyState(load);
                Instant before = Instant.now();
                shop.routeThrough("inventory", new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
                ChildJvms.await(() -> slis.read("service.checkout.errors.rate", Duration.ofSeconds(1)) instanceof Reading.Known k && k.value() > 0.9,
                        ChildJvms.GENEROUS, () -> "checkout never failed: " + slis.read("service.checkout.errors.rate", Duration.ofSeconds(1)));
                Thread.sleep(1000); // a window of failures past the first 500 ms for measure()
                Instant after = Instant.now();
                assertThat(slis.read("service.catalog.errors.rate", Duration.ofSeconds(1))).isInstanceOfSatisfying(Reading.Known.class,
                        k -> assertThat(k.value()).isZero());
                assertThat(slis.measure("service.checkout.errors.rate", before.plusMillis(500), after)).hasValueSatisfying(m ->
                        assertThat(((Measurement.Rate) m).value()).isGreaterThan(0.9));
                assertThat(slis.read("service.nosuch.errors.rate", Duration.ofSeconds(1))).isInstanceOf(Reading.Unknown.class);

                // latency percentiles from the histogram: payment at 350 ms against checkout's 300 ms timeout with two
                // immediate retries: every checkout waits 3 x 300 ms and fails
                shop.routeThrough("inventory", shop.address("inventory"));
                try (FakeUpstream slow = FakeUpstream.slow(350)) {
                    shop.routeThrough("payment", slow.address());
                    // until the 1.5 s window holds only slow checkouts (a loaded machine takes longer to get there)
                    ChildJvms.await(() -> slis.read("service.checkout.latency.p50", Duration.ofMillis(1500)) instanceof Reading.Known k && k.value() >= 880
                                    && slis.read("service.checkout.errors.rate", Duration.ofMillis(1500)) instanceof Reading.Known e && e.value() > 0.9,
                            ChildJvms.GENEROUS, () -> "checkout never waited 3 x 300 ms: " + slis.read("service.checkout.latency.p50", Duration.ofMillis(1500)));
                    double p50 = known(slis, "service.checkout.latency.p50");
                    double p99 = known(slis, "service.checkout.latency.p99");
                    // the upper bounds catch a unit slip in the histogram's quantile, not the time: that is a loaded machine's
                    assertThat(p50).as("3 x 300 ms plus the rest of the checkout").isBetween(880.0, 3000.0);
                    assertThat(p99).isBetween(p50, 4000.0);
                    assertThat(known(slis, "service.checkout.errors.rate")).isGreaterThan(0.9);
                    assertThat(known(slis, "service.catalog.latency.p99")).as("catalog is off the slow path").isLessThan(880);
                    assertThat(slis.read("service.checkout.latency.p100", Duration.ofSeconds(1))).isInstanceOf(Reading.Unknown.class);
                }
            }
        }
    }
}
