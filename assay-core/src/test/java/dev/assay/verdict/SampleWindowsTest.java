package dev.assay.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleWindowsTest {
    private static final Duration BASELINE = Duration.ofSeconds(30);
    private static final Duration LEVEL = Duration.ofSeconds(60);

    private static Intent intent(String sli, double percent, Duration maxDuration) {
        Fault f = new Fault(FaultType.LATENCY, "inventory", List.of(Magnitude.of("delayMs", 500)), Scope.percent(percent));
        return new Intent("i", Optional.empty(), "checkout", "h", f,
                List.of(new Expectation(sli, Expectation.Comparison.BELOW, Quantity.millis(400))), Mechanism.parse("none"), Optional.empty(),
                new Safety(0.01, List.of(), List.of(), Duration.ZERO, maxDuration));
    }

    @Test
    void windowsLongEnoughAreKept() {
        SampleWindows.Decision d = SampleWindows.decide(intent("checkout.errors.rate", 100, Duration.ofMinutes(5)),
                Map.of("checkout.errors.rate", 10.0), VerdictPolicy.DEFAULTS, BASELINE, LEVEL);
        assertThat(d).isInstanceOfSatisfying(SampleWindows.Enough.class, e -> {
            assertThat(e.lengthened()).isFalse();
            assertThat(e.level()).isEqualTo(LEVEL);
        });
    }

    @Test
    void aP99AtLowTrafficLengthensTheWindowsWithinMaxDuration() {
        // p99 needs 500 samples; at 5 req/s that is 100 s of baseline and, with half the requests faulted, 200 s per level
        SampleWindows.Decision d = SampleWindows.decide(intent("checkout.latency.p99", 50, Duration.ofMinutes(10)),
                Map.of("checkout.latency.p99", 5.0), VerdictPolicy.DEFAULTS, BASELINE, LEVEL);
        assertThat(d).isInstanceOfSatisfying(SampleWindows.Enough.class, e -> {
            assertThat(e.lengthened()).isTrue();
            assertThat(e.baseline()).isEqualTo(Duration.ofSeconds(100));
            assertThat(e.level()).isEqualTo(Duration.ofSeconds(200));
            assertThat(e.needs().get(0).describe()).contains("500 samples").contains("5.0 req/s").contains("each level 200s");
        });
    }

    @Test
    void whatCannotFitMaxDurationIsRefusedWithTheNumbers() {
        SampleWindows.Decision d = SampleWindows.decide(intent("checkout.latency.p99", 10, Duration.ofMinutes(5)),
                Map.of("checkout.latency.p99", 2.0), VerdictPolicy.DEFAULTS, BASELINE, LEVEL);
        assertThat(d).isInstanceOfSatisfying(SampleWindows.Refuse.class, r -> assertThat(r.reason())
                .contains("needs 2750s").contains("baseline 250s").contains("2500s").contains("maxDuration 5m").contains("scope (10% now)"));
    }

    @Test
    void anSliWithoutAnObservedRateIsNamedAsUnknown() {
        SampleWindows.Decision d = SampleWindows.decide(intent("checkout.latency.p99", 100, Duration.ofMinutes(5)), Map.of(),
                VerdictPolicy.DEFAULTS, BASELINE, LEVEL);
        assertThat(d).isInstanceOfSatisfying(SampleWindows.Enough.class, e -> {
            assertThat(e.unknown()).containsExactly("checkout.latency.p99");
            assertThat(e.lengthened()).isFalse();
        });
    }
}
