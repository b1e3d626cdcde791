package dev.assay.belief;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class EdgeMechanismTest {
    @Test
    void theNearestGridMechanismKeepsEverythingButAnOffGridTimeoutOrRetryCount() {
        EdgeMechanism payment = new EdgeMechanism(OptionalLong.of(320), 2, false, false, false);
        assertThat(payment.gridIndex()).isEqualTo(-1);
        assertThat(payment.nearestOnGrid()).isEqualTo(new EdgeMechanism(OptionalLong.of(300), 2, false, false, false));
        assertThat(new EdgeMechanism(OptionalLong.of(300), 2, false, false, false).gridIndex()).as("the demo's checkout->payment is on the grid").isNotNegative();
        assertThat(new EdgeMechanism(OptionalLong.of(400), 5, true, true, true).nearestOnGrid())
                .isEqualTo(new EdgeMechanism(OptionalLong.of(500), 3, true, true, true));
        assertThat(EdgeMechanism.NONE.nearestOnGrid()).isEqualTo(EdgeMechanism.NONE);
        assertThat(payment.nearestOnGrid().gridIndex()).isNotNegative();
    }
}
