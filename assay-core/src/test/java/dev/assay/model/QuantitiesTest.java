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
}
