package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.ScheduleConfig;
import dev.assay.model.SystemConfig;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The system file's {@code schedule:} block (continuous mode): read, and every bad value reported where it is written. */
class ScheduleFormatTest {
    static final String WITH_SCHEDULE = SystemFormatTest.VALID + """
              schedule:
                timeZone: Europe/Berlin
                windows:
                  - Mon-Fri 10:00-16:00
                  - Sat 09:00-11:00 UTC
                pace: 5%
                gap: 10m
                freezeBurnRate: 6
            """;

    static List<String> problems(String yaml) {
        return SystemFormatTest.problems(yaml);
    }

    @Test
    void theScheduleReadsWithTheDefaultZoneForWindowsThatNameNone() {
        SystemConfig c = SystemFormat.parse("assay.yaml", WITH_SCHEDULE);
        ScheduleConfig s = c.schedule();
        assertThat(s.windows()).hasSize(2);
        assertThat(s.windows().get(0).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(s.windows().get(0).days()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(s.windows().get(0).from()).isEqualTo(LocalTime.of(10, 0));
        assertThat(s.windows().get(1).zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.pace().getAsDouble()).isEqualTo(0.05);
        assertThat(s.gap()).contains(Duration.ofMinutes(10));
        assertThat(s.freezeBurnRate().getAsDouble()).isEqualTo(6);
    }

    @Test
    void withoutAScheduleEveryFieldIsLeftToServe() {
        assertThat(SystemFormat.parse("assay.yaml", SystemFormatTest.VALID).schedule()).isEqualTo(ScheduleConfig.NONE);
        assertThat(SystemFormat.parse("assay.yaml", SystemFormatTest.VALID + "  schedule: {pace: 20%}\n").schedule().windows()).isEmpty();
    }

    @Test
    void aWrongDayNameIsReportedOnItsWindowWithTheDays() {
        assertThat(problems(WITH_SCHEDULE.replace("Mon-Fri 10:00", "Mon-Fry 10:00"))).singleElement().satisfies(p -> assertThat(p)
                .startsWith("assay.yaml:14:9: spec.schedule.windows[0]: window 'Mon-Fry 10:00-16:00': unknown day 'fry'")
                .contains("use Mon, Tue, Wed, Thu, Fri, Sat, Sun").contains("example: Mon-Fri 10:00-16:00 Europe/Berlin"));
    }

    @Test
    void anHourPast24IsReported() {
        assertThat(problems(WITH_SCHEDULE.replace("10:00-16:00", "10:00-25:00"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:14:9: spec.schedule.windows[0]: ").contains("'25:00' is not a time HH:MM"));
        assertThat(problems(WITH_SCHEDULE.replace("10:00-16:00", "16:00-10:00"))).singleElement()
                .satisfies(p -> assertThat(p).contains("must end after it starts"));
    }

    @Test
    void anUnknownTimeZoneIsReportedWhereItIsWritten() {
        assertThat(problems(WITH_SCHEDULE.replace("timeZone: Europe/Berlin", "timeZone: Europe/Berlinn"))).containsExactly(
                "assay.yaml:12:15: spec.schedule.timeZone: unknown time zone 'Europe/Berlinn'; use a region id such as Europe/Berlin, America/New_York or UTC");
        assertThat(problems(WITH_SCHEDULE.replace("Sat 09:00-11:00 UTC", "Sat 09:00-11:00 Mars/Olympus"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:15:9: spec.schedule.windows[1]: ").contains("unknown time zone 'Mars/Olympus'"));
    }

    @Test
    void aPaceOver100PercentOrZeroIsReported() {
        assertThat(problems(WITH_SCHEDULE.replace("pace: 5%", "pace: 150%"))).containsExactly("assay.yaml:16:11: spec.schedule.pace: pace is the share"
                + " of the remaining error budget experiments may spend per day: more than 0, at most 100%, e.g. 10%; got 150%");
        assertThat(problems(WITH_SCHEDULE.replace("pace: 5%", "pace: 0"))).singleElement().satisfies(p -> assertThat(p).contains("got 0%"));
        assertThat(problems(WITH_SCHEDULE.replace("pace: 5%", "pace: 10m"))).singleElement().satisfies(p -> assertThat(p).contains("got the duration"));
    }

    @Test
    void aBadGapBurnRateOrFieldIsReported() {
        assertThat(problems(WITH_SCHEDULE.replace("gap: 10m", "gap: 10"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:17:10: spec.schedule.gap: expected a duration with a unit"));
        assertThat(problems(WITH_SCHEDULE.replace("freezeBurnRate: 6", "freezeBurnRate: 0"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:18:21: spec.schedule.freezeBurnRate: freezeBurnRate is a multiple"));
        assertThat(problems(WITH_SCHEDULE.replace("gap: 10m", "gapp: 10m"))).singleElement()
                .satisfies(p -> assertThat(p).startsWith("assay.yaml:17:5: spec.schedule.gapp: unknown field 'gapp' (did you mean 'gap'?)"));
        assertThat(problems(WITH_SCHEDULE.replace("""
                    windows:
                      - Mon-Fri 10:00-16:00
                      - Sat 09:00-11:00 UTC
                """, "    windows: []\n"))).singleElement().satisfies(p -> assertThat(p).contains("allows no time at all"));
    }
}
