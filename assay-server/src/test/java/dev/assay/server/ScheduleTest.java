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
    void aFreezeBurnRateReplacesThePagingWindowsOwnFactor() {
        BudgetStatus.BurnRate sevenAndEight = new BudgetStatus.BurnRate("page-fast", Duration.ofHours(1), 7, Duration.ofMinutes(5), 8, 14.4);
        assertThat(Freeze.fires(sevenAndEight, OptionalDouble.empty())).as("below the window's own 14.4x").isFalse();
        assertThat(Freeze.fires(sevenAndEight, OptionalDouble.of(6))).isTrue();
        assertThat(Freeze.fires(sevenAndEight, OptionalDouble.of(7.5))).as("the long window is below it").isFalse();
    }
}
