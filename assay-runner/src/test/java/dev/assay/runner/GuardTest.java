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

    @Test
    void guardNamesAndValuesPrintAsPeopleWriteThem() {
        Guard burn = Guard.sloBurnRate("checkout-99", "checkout.errors.rate", 1 - 0.999, 500);
        assertThat(burn.describe()).isEqualTo("slo checkout-99 burn rate > 500x checkout.errors.rate above 50%");
        assertThat(burn.valueText(0.941234567)).isEqualTo("94.12%");
        Guard slow = Guard.abortWhen(new dev.assay.model.AbortCondition("checkout.latency.p95", dev.assay.model.AbortCondition.Trigger.ABOVE,
                dev.assay.model.Quantity.millis(250)));
        assertThat(slow.describe()).isEqualTo("abortWhen checkout.latency.p95 above 250 ms");
        assertThat(slow.valueText(312.4567)).isEqualTo("312.5 ms");
        Guard drops = Guard.abortWhen(new dev.assay.model.AbortCondition("business.orders.rate", dev.assay.model.AbortCondition.Trigger.DROPS_BY,
                dev.assay.model.Quantity.ratio(0.02)));
        assertThat(drops.describe()).isEqualTo("abortWhen business.orders.rate dropsBy 2%");
        assertThat(drops.valueText(9.87654)).as("a rate, not a share").isEqualTo("9.877");
    }
}
