package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.InvalidInputException;
import dev.assay.model.Window;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant berlin(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 12, day, hour, minute, 0, 0, BERLIN).toInstant(); // 2026-12-07 is a Monday
    }

    @Test
    void weekdaysInAZoneContainTheirHoursOnly() {
        Window w = Window.parse("Mon-Fri 10:00-16:00 Europe/Berlin");
        assertThat(w.contains(berlin(7, 10, 0))).isTrue();
        assertThat(w.contains(berlin(7, 15, 59))).isTrue();
        assertThat(w.contains(berlin(7, 16, 0))).isFalse();
        assertThat(w.contains(berlin(7, 9, 59))).isFalse();
        assertThat(w.contains(berlin(12, 12, 0))).as("Saturday").isFalse();
        assertThat(w.nextStart(berlin(11, 17, 0))).as("Friday evening: Monday 10:00").isEqualTo(berlin(14, 10, 0));
    }

    @Test
    void listsWrappingRangesAndMidnightParse() {
        Window w = Window.parse("Sat-Mon,Wed 22:00-24:00");
        assertThat(w.days()).hasSize(4);
        assertThat(w.contains(Instant.parse("2026-12-13T23:30:00Z"))).as("Sunday UTC").isTrue();
        Schedule s = Schedule.defaults().withWindows(List.of(w, Window.parse("Tue 08:00-09:00 UTC")));
        assertThat(s.nextOpen(Instant.parse("2026-12-08T07:00:00Z"))).isEqualTo(Instant.parse("2026-12-08T08:00:00Z"));
    }

    @Test
    void badWindowsSayWhatIsWrongAndShowAnExample() {
        assertThatThrownBy(() -> Window.parse("Mon-Fri 16:00-10:00")).isInstanceOf(InvalidInputException.class).hasMessageContaining("end after it starts");
        assertThatThrownBy(() -> Window.parse("Funday 10:00-11:00")).hasMessageContaining("unknown day 'funday'").hasMessageContaining("example:");
        assertThatThrownBy(() -> Window.parse("Mon 10:00-11:00 Mars/Olympus")).hasMessageContaining("unknown time zone");
        assertThatThrownBy(() -> Window.parse("Mon 10-11")).hasMessageContaining("not a time");
        assertThatThrownBy(() -> Schedule.defaults().withPace(0)).hasMessageContaining("--pace");
    }
}
