package dev.assay.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlastRadiiTest {
    @Test
    void predictionErrorIsOneMinusJaccard() {
        assertThat(BlastRadii.predictionError(List.of("a", "b"), List.of("b", "c"))).isEqualTo(1 - 1.0 / 3);
        assertThat(BlastRadii.predictionError(List.of("a"), List.of("a"))).isZero();
        assertThat(BlastRadii.predictionError(List.of(), List.of())).isZero();
        assertThat(BlastRadii.predictionError(List.of("a"), List.of("b"))).isEqualTo(1.0);
    }

    @Test
    void discoveredAreTheObservedNotKnownBefore() {
        assertThat(BlastRadii.discovered(List.of("cart", "checkout->cart", "inventory"), Set.of("inventory")))
                .containsExactly("cart", "checkout->cart");
    }
}
