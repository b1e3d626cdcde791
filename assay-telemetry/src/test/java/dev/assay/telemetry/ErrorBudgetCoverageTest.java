package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Slo;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The budget maths when the data covers less than the SLO window (a proxy history 30 s old): what was spent is
 * scaled to the covered share, clamped to [0, 1], and the status says what it rests on. The source is an
 * in-memory {@link SliSource} with {@link SliCoverage} (pure arithmetic; the real proxy history is read by
 * {@code RealProxyTest} and the third-party tests).
 */
class ErrorBudgetCoverageTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    static final Slo SLO = new Slo("checkout-99", "checkout.errors.rate", 0.99, Duration.ofDays(30));

    record Source(double ratio, Duration covered) implements SliSource, SliCoverage {
        @Override
        public Reading read(String sli, Duration window) {
            return new Reading.Known(sli, ratio, 1000, CLOCK.instant());
        }

        @Override
        public Optional<Duration> covered(String sli, Duration window) {
            return Optional.of(covered);
        }
    }

    @Test
    void thirtySecondsOfErrorsSpendTheirShareOfAThirtyDayBudgetNotMostOfIt() {
        BudgetStatus.Known k = (BudgetStatus.Known) ErrorBudgets.create(new Source(0.0073, Duration.ofSeconds(30)), CLOCK).status(SLO);
        double expectedSpent = 0.73 * 30.0 / Duration.ofDays(30).toSeconds();
        assertThat(1 - k.remaining()).isCloseTo(expectedSpent, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(k.basedOn()).startsWith("based on 30 s of data");
    }

    @Test
    void aBudgetNeverGoesBelowZeroNorClaimsMoreThanTheWindow() {
        BudgetStatus.Known burnt = (BudgetStatus.Known) ErrorBudgets.create(new Source(0.5, Duration.ofDays(40)), CLOCK).status(SLO);
        assertThat(burnt.remaining()).isZero();
        assertThat(burnt.covered()).isEqualTo(SLO.window());
        assertThat(burnt.basedOn()).isEmpty();
    }
}
