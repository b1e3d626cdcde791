package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.format.IntentFormat;
import dev.assay.model.Intent;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The demo waits before each experiment for what the runner's pre-flight checks: the intent's steady state over its
 * minSteadyState and over the recent window. A live run at load 14 started the cart-db outage while checkout failed 19%
 * of the last 2 s (3% over 5 s), and the pre-flight refused it ("target degraded"): its fragile edge was never tested.
 */
class DemoSteadyStateTest {
    private static final Intent CART_DB = IntentFormat.read(PlantedMechanismInferenceTest.INTENTS.resolve("checkout-survives-cart-db-outage.intent.yaml"),
            Optional.empty()).get(0);

    /** checkout's errors: {@code steady} over windows of 5 s and longer, {@code recent} over shorter ones. */
    private static SliSource checkout(double steady, double recent) {
        return (sli, window) -> sli.equals("checkout.errors.rate")
                ? new Reading.Known(sli, window.compareTo(Duration.ofSeconds(5)) >= 0 ? steady : recent, 100, Instant.EPOCH)
                : new Reading.Unknown(sli, "not this test's");
    }

    @Test
    void aCheckoutFailingNowIsNotSteadyThoughItsLastFiveSecondsAre() {
        Duration minSteady = CART_DB.safety().minSteadyState();
        Duration recent = DemoTimings.DEMO.runner().recentWindow();
        assertThat(minSteady).isEqualTo(Duration.ofSeconds(5));
        assertThat(recent).isLessThan(minSteady);
        assertThat(DemoRun.steady(checkout(0.03, 0.19), CART_DB, minSteady, recent)).as("failing now: the pre-flight would refuse").isFalse();
        assertThat(DemoRun.steady(checkout(0.19, 0.03), CART_DB, minSteady, recent)).as("not steady over 5 s").isFalse();
        assertThat(DemoRun.steady(checkout(0.01, 0.0), CART_DB, minSteady, recent)).isTrue();
    }
}
