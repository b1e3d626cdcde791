package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.ScheduleConfig;
import dev.assay.model.Window;
import dev.assay.telemetry.BudgetStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The system file's schedule over serve's defaults, and the freeze threshold it sets. */
class ScheduleTest {
    @Test
    void theSystemFilesScheduleSetsWhatItNamesAndLeavesTheRestToTheDefaults() {
        Schedule none = Schedule.defaults().with(ScheduleConfig.NONE);
        assertThat(none).isEqualTo(Schedule.defaults());
        Schedule s = Schedule.defaults().with(new ScheduleConfig(List.of(Window.parse("Mon-Fri 10:00-16:00 Europe/Berlin")), OptionalDouble.of(0.05),
                Optional.of(Duration.ofMinutes(30)), OptionalDouble.of(6)));
        assertThat(s.windows()).hasSize(1);
        assertThat(s.pace()).isEqualTo(0.05);
        assertThat(s.gap()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.freezeBurnRate()).hasValue(6);
        assertThat(s.recheck()).isEqualTo(Schedule.defaults().recheck());
        assertThat(s.describe()).contains("Europe/Berlin").contains("pace 5%").contains("1800s between").contains("at 6x or faster");
        Schedule paceOnly = Schedule.defaults().with(new ScheduleConfig(List.of(), OptionalDouble.of(0.2), Optional.empty(), OptionalDouble.empty()));
        assertThat(paceOnly.gap()).isEqualTo(Duration.ofMinutes(5));
        assertThat(paceOnly.windows()).isEmpty();
    }

    @Test
    void aRanDecisionSaysWhyNothingWasLearnedFromAnInconclusiveOutcome() {
        java.time.Instant t = java.time.Instant.parse("2026-12-01T10:00:00Z");
        var o = new dev.assay.verdict.Outcome("x-1", "i", new dev.assay.verdict.Verdict.Inconclusive("too few samples for checkout.latency.p95", List.of()),
                Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), 0, 0.0002, 0, t, t.plusSeconds(60));
        var d = Scheduler.ran(o, "best candidate i");
        assertThat(d.action()).isEqualTo("RAN");
        assertThat(d.reason()).isEqualTo("best candidate i; verdict INCONCLUSIVE (too few samples for checkout.latency.p95; nothing learned),"
                + " 0.0200% of the error budget spent");
    }

    @Test
    void aFreezeBurnRateReplacesThePagingWindowsOwnFactor() {
        BudgetStatus.BurnRate sevenAndEight = new BudgetStatus.BurnRate("page-fast", Duration.ofHours(1), 7, Duration.ofMinutes(5), 8, 14.4);
        assertThat(Freeze.fires(sevenAndEight, OptionalDouble.empty())).as("below the window's own 14.4x").isFalse();
        assertThat(Freeze.fires(sevenAndEight, OptionalDouble.of(6))).isTrue();
        assertThat(Freeze.fires(sevenAndEight, OptionalDouble.of(7.5))).as("the long window is below it").isFalse();
    }
}
