package dev.assay.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class QuantitiesTest {
    @Test
    void readsDurationsInEveryUnit() {
        assertThat(Quantities.parseDuration("400ms")).contains(Duration.ofMillis(400));
        assertThat(Quantities.parseDuration("1.5s")).contains(Duration.ofMillis(1500));
        assertThat(Quantities.parseDuration("15m")).contains(Duration.ofMinutes(15));
        assertThat(Quantities.parseDuration("2h")).contains(Duration.ofHours(2));
        assertThat(Quantities.parseDuration("30d")).contains(Duration.ofDays(30));
    }

    @Test
    void readsPercentagesAsExactFractions() {
        assertThat(Quantities.parseRatio("0.1%")).contains(0.001);
        assertThat(Quantities.parseRatio("2%")).contains(0.02);
        assertThat(Quantities.parseRatio("0.25")).contains(0.25);
    }

    @Test
    void rejectsWhatIsNotAQuantity() {
        assertThat(Quantities.parse("fast")).isEmpty();
        assertThat(Quantities.parse("10 parsecs")).isEmpty();
        assertThat(Quantities.parseDuration("15")).as("a bare number has no unit").isEmpty();
        assertThat(Quantities.parseRatio("5ms")).as("a duration is not a ratio").isEmpty();
    }

    @Property
    void printedQuantitiesReadBackEqual(@ForAll @DoubleRange(min = -1e9, max = 1e9) double v) {
        for (Quantity q : new Quantity[] {Quantity.millis(v), Quantity.ratio(v), Quantity.number(v)}) {
            assertThat(Quantities.parse(q.toString())).contains(q);
        }
    }

    @Property
    void formattedDurationsReadBackEqual(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long ms) {
        Duration d = Duration.ofMillis(ms);
        assertThat(Quantities.parseDuration(Quantities.format(d))).contains(d);
    }

    @Test
    void peopleReadQuantitiesWithoutFloatingPointNoise() {
        assertThat(Quantity.ratio((1 - 0.999) * 500).text()).as("0.5000000000000004").isEqualTo("50%");
        assertThat(Quantity.ratio(0.001).text()).isEqualTo("0.1%");
        assertThat(Quantity.ratio(0.1 + 0.2).text()).isEqualTo("30%");
        assertThat(Quantity.millis(250).text()).isEqualTo("250 ms");
        assertThat(Quantity.millis(0.1 + 0.2).text()).isEqualTo("0.3 ms");
        assertThat(Quantity.millis(1500).text()).isEqualTo("1.5 s");
        assertThat(Quantity.millis(20_000).text()).isEqualTo("20 s");
        assertThat(Quantity.number(14.4).text()).isEqualTo("14.4");
        assertThat(Quantity.number(1e-7).text()).as("never in exponent form").isEqualTo("0.0000001");
        assertThat(Quantities.readable(0.941234, 4)).isEqualTo("0.9412");
        assertThat(Quantities.readable(500.0)).isEqualTo("500");
    }
}
