package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spi.Reading;
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
                Thread.sleep(2000);
                Instant after = Instant.now();
                assertThat(slis.read("service.checkout.errors.rate", Duration.ofSeconds(1))).isInstanceOfSatisfying(Reading.Known.class,
                        k -> assertThat(k.value()).isGreaterThan(0.9));
                assertThat(slis.read("service.catalog.errors.rate", Duration.ofSeconds(1))).isInstanceOfSatisfying(Reading.Known.class,
                        k -> assertThat(k.value()).isZero());
                assertThat(slis.measure("service.checkout.errors.rate", before.plusMillis(500), after)).hasValueSatisfying(m ->
                        assertThat(((Measurement.Rate) m).value()).isGreaterThan(0.9));
                assertThat(slis.read("service.nosuch.errors.rate", Duration.ofSeconds(1))).isInstanceOf(Reading.Unknown.class);
            }
        }
    }
}
