package dev.assay.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A magnitude in words, as messages, progress lines and the Live view print it. */
class MagnitudeTest {
    @Test
    void describesEachParameterInNameOrderWithoutTrailingZeros() {
        assertThat(Magnitude.of("delayMs", 400).describe()).isEqualTo("delayMs=400");
        assertThat(new Magnitude(Map.of("jitterMs", 10.0, "delayMs", 50.5)).describe()).isEqualTo("delayMs=50.5 jitterMs=10");
        assertThat(new Magnitude(Map.of("afterBytes", 100.0), Map.of("mode", "truncate")).describe()).isEqualTo("afterBytes=100 mode=truncate");
        assertThat(Magnitude.NONE.describe()).isEqualTo("none");
    }
}
