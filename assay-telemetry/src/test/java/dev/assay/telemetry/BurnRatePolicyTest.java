package dev.assay.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BurnRatePolicyTest {
    @Test
    void theWorkbookSchemeIsUnchangedForAThirtyDaySlo() {
        assertThat(BurnRatePolicy.SRE_WORKBOOK.scaledTo(Duration.ofDays(30))).isEqualTo(BurnRatePolicy.SRE_WORKBOOK);
    }

    @Test
    void windowsScaleWithTheSloWindowAndFactorsStay() {
        BurnRatePolicy week = BurnRatePolicy.SRE_WORKBOOK.scaledTo(Duration.ofDays(7));
        assertThat(week.windows().get(0).longWindow()).isEqualTo(Duration.ofSeconds(840)); // 1h * 7/30
        assertThat(week.windows().get(0).shortWindow()).isEqualTo(Duration.ofSeconds(70));
        assertThat(week.windows()).extracting(BurnRatePolicy.Window::factor).containsExactly(14.4, 6.0, 1.0);
    }

    @Test
    void aBurnRateFiresOnlyWhenBothWindowsReachTheFactor() {
        assertThat(new BudgetStatus.BurnRate("x", Duration.ofHours(1), 15, Duration.ofMinutes(5), 14.5, 14.4).firing()).isTrue();
        assertThat(new BudgetStatus.BurnRate("x", Duration.ofHours(1), 15, Duration.ofMinutes(5), 2, 14.4).firing()).isFalse();
        assertThat(new BudgetStatus.BurnRate("x", Duration.ofHours(1), 2, Duration.ofMinutes(5), 15, 14.4).firing()).isFalse();
    }
}
