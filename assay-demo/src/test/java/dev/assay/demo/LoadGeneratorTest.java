package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.spi.Reading;
import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
    private static Shop shop;

    @BeforeAll
    static void startShop() {
        shop = Shop.builder().javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()).start();
    }

    @AfterAll
    static void stopShop() {
        shop.close();
    }

    @Test
    void sendsTheWeightedJourneysAtTheConfiguredRateAndServesTheirSlis() throws Exception {
        try (LoadGenerator load = LoadGenerator.builder(shop.frontend()).rate(60).start()) {
            DemoStackTest.awaitSteadyState(load);
            long t0 = System.nanoTime();
            long before = load.sent("browse") + load.sent("add-to-cart") + load.sent("checkout") + load.sent("ask");
            Thread.sleep(2000); // at least: a loaded machine sleeps longer, so the rate is over the time that really passed
            long total = load.sent("browse") + load.sent("add-to-cart") + load.sent("checkout") + load.sent("ask") - before;
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(total / seconds).as("requests per second sent at rate 60 (%d in %.2f s)", total, seconds).isBetween(50.0, 70.0);
            assertThat(load.sent("browse")).isGreaterThan(load.sent("add-to-cart"));
            Reading errors = load.read("checkout.errors.rate", Duration.ofSeconds(2));
            assertThat(errors).isInstanceOfSatisfying(Reading.Known.class, k -> assertThat(k.samples()).isGreaterThan(10));
            assertThat(load.read("checkout.latency.p99", Duration.ofSeconds(2))).isInstanceOfSatisfying(Reading.Known.class,
                    k -> assertThat(k.value()).as("milliseconds, not seconds or microseconds").isBetween(1.0, 10_000.0));
            assertThat(load.read("business.orders.rate", Duration.ofSeconds(2))).isInstanceOfSatisfying(Reading.Known.class,
                    k -> assertThat(k.value()).isBetween(5.0, 30.0));
        }
    }

    @Test
    void checkoutErrorsAndOrdersReflectABrokenShop() throws Exception {
        try (LoadGenerator load = LoadGenerator.builder(shop.frontend()).rate(60).start()) {
            DemoStackTest.awaitSteadyState(load);
            shop.routeThrough("inventory", new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
            ChildJvms.await(() -> load.read("checkout.errors.rate", Duration.ofSeconds(2)) instanceof Reading.Known k && k.value() == 1.0,
                    ChildJvms.GENEROUS, () -> "checkouts did not all fail: " + load.read("checkout.errors.rate", Duration.ofSeconds(2)));
            assertThat(((Reading.Known) load.read("business.orders.rate", Duration.ofSeconds(2))).value()).isEqualTo(0.0);
            assertThat(((Reading.Known) load.read("browse.errors.rate", Duration.ofSeconds(2))).value()).isEqualTo(0.0);
        } finally {
            shop.routeThrough("inventory", shop.address("inventory"));
        }
    }

    @Test
    void anUnknownSliOrAnEmptyWindowIsUnknownNeverHealthy() {
        try (LoadGenerator load = LoadGenerator.builder(URI.create("http://127.0.0.1:" + FreePorts.next())).rate(1).start()) {
            assertThat(load.read("checkout.errors.rate", Duration.ofMillis(1))).isInstanceOf(Reading.Unknown.class);
            assertThat(load.read("nosuch.errors.rate", Duration.ofSeconds(5))).isInstanceOfSatisfying(Reading.Unknown.class,
                    u -> assertThat(u.reason()).contains("checkout.errors.rate"));
            assertThat(load.read("checkout.errors.bogus", Duration.ofSeconds(5))).isInstanceOf(Reading.Unknown.class);
        }
    }

    @Test
    void anUnreachableShopCountsAsFailedRequests() throws Exception {
        try (LoadGenerator load = LoadGenerator.builder(URI.create("http://127.0.0.1:" + FreePorts.next())).rate(50).start()) {
            ChildJvms.await(() -> load.read("browse.errors.rate", Duration.ofSeconds(2)) instanceof Reading.Known, ChildJvms.GENEROUS,
                    () -> "no browse request counted: " + load.read("browse.errors.rate", Duration.ofSeconds(2)));
            assertThat(((Reading.Known) load.read("browse.errors.rate", Duration.ofSeconds(2))).value()).isEqualTo(1.0);
        }
    }

    @Test
    void rejectsAnImpossibleRate() {
        assertThatThrownBy(() -> LoadGenerator.builder(shop.frontend()).rate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
