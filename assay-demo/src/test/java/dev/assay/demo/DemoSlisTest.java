package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.spi.Reading;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's error budget right after its session starts: a journey with traffic but no request completed in
 * the first milliseconds has spent nothing (CI once refused the first experiment with "no checkout requests
 * completed in the last 17 ms"); a journey with no traffic at all stays unknown, so the gate fails closed.
 */
class DemoSlisTest {
    @Test
    void aSessionMillisecondsOldHasSpentNothingWhileAJourneyWithoutTrafficIsUnknown() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-02T00:00:00Z"));
        try (FakeUpstream shop = FakeUpstream.slow(0);
             LoadGenerator load = LoadGenerator.builder(URI.create("http://127.0.0.1:" + shop.address().getPort()))
                     .journeys(List.of(new LoadGenerator.Journey("checkout", "POST", "/checkout", 1))).rate(20).clock(clock).start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!(load.read("checkout.errors.rate", Duration.ofSeconds(30)) instanceof Reading.Known) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            load.close(); // no request completes from here on
            clock.advance(Duration.ofSeconds(1));
            DemoSlis slis = new DemoSlis(load, ServiceSlis.start(java.util.Map.of(), Duration.ofSeconds(1), clock), 0.99, clock);
            slis.startBudgetSession();

            assertThat(slis.remaining("checkout")).isInstanceOfSatisfying(Reading.Known.class, k -> assertThat(k.value()).isEqualTo(1.0));
            clock.advance(Duration.ofMinutes(5));
            assertThat(slis.remaining("checkout")).as("no traffic in the last 30 s: unknown")
                    .isInstanceOfSatisfying(Reading.Unknown.class, u -> assertThat(u.reason()).contains("no checkout requests"));
        }
    }
}
