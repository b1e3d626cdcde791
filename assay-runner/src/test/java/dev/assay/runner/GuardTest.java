package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardTest {
    @Test
    void anSloBurnRateGuardTripsAboveBudgetTimesTheRate() {
        Guard g = Guard.sloBurnRate("checkout-availability", "checkout.errors.rate", 0.001, 14.4);
        assertThat(g.condition().breached(0.0143, 0)).isFalse();
        assertThat(g.condition().breached(0.0145, 0)).isTrue();
        assertThat(g.describe()).contains("checkout-availability").contains("14.4x");
    }

    @Test
    void theBurnRateThresholdNeverExceedsOne() {
        assertThat(Guard.sloBurnRate("s", "x.errors.rate", 0.5, 14.4).condition().threshold().value()).isEqualTo(1.0);
    }
}
