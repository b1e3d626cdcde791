package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One allowed window for continuous experiments: days of the week, a local start and end time, a time zone,
 * written {@code Mon-Fri 10:00-16:00 Europe/Berlin} (days: {@code Mon}, {@code Mon-Fri}, {@code Mon,Wed,Fri};
 * the end may be {@code 24:00}; the zone defaults to UTC). Continuous mode ({@code assay serve --continuous}) starts
 * experiments only inside its windows: they come from the system file's {@code schedule.windows} or {@code --window}. A window ends where it says: an experiment starts
 * only inside one.
 */
public record Window(Set<DayOfWeek> days, LocalTime from, Optional<LocalTime> to, ZoneId zone) {
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

    /** {@code to} empty means midnight at the end of the day ({@code 24:00}). */
    public Window {
        days = Set.copyOf(days);
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(zone, "zone");
        if (days.isEmpty()) throw new IllegalArgumentException("a window needs at least one day");
        if (to.isPresent() && !to.get().isAfter(from)) throw new IllegalArgumentException("a window must end after it starts");
    }

    public static Window parse(String text) {
        return parse(text, ZoneId.of("UTC"));
    }

    /** As {@link #parse(String)}, with {@code zone} for a window that names none (a schedule's {@code timeZone}). */
    public static Window parse(String text, ZoneId defaultZone) {
        requireNonNull(defaultZone, "defaultZone");
        String[] parts = text.trim().split("\\s+");
        if (parts.length < 2 || parts.length > 3) throw invalid(text, "expected DAYS HH:MM-HH:MM [ZONE]");
        Set<DayOfWeek> days = days(text, parts[0]);
        String[] times = parts[1].split("-");
        if (times.length != 2) throw invalid(text, "the times must be HH:MM-HH:MM, e.g. 10:00-16:00");
        LocalTime from = time(text, times[0]);
        Optional<LocalTime> to = times[1].equals("24:00") ? Optional.empty() : Optional.of(time(text, times[1]));
        if (to.isPresent() && !to.get().isAfter(from)) throw invalid(text, "the window must end after it starts (" + parts[1] + ")");
        ZoneId zone;
        try {
            zone = parts.length == 3 ? ZoneId.of(parts[2]) : defaultZone;
        } catch (DateTimeException e) {
            throw invalid(text, "unknown time zone '" + parts[2] + "'; use a region id such as Europe/Berlin or UTC");
        }
        return new Window(days, from, to, zone);
    }

    private static Set<DayOfWeek> days(String text, String spec) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        for (String part : spec.toLowerCase(Locale.ROOT).split(",")) {
            String[] range = part.split("-");
            if (range.length > 2) throw invalid(text, "a day range is Mon-Fri");
            int a = day(text, range[0]);
            int b = range.length == 2 ? day(text, range[1]) : a;
            for (int d = a; ; d = (d + 1) % 7) {
                out.add(DayOfWeek.of(d + 1));
                if (d == b) break;
            }
        }
        return out;
    }

    private static int day(String text, String name) {
        int i = DAYS.indexOf(name.length() >= 3 ? name.substring(0, 3) : name);
        if (i < 0) throw invalid(text, "unknown day '" + name + "'; use Mon, Tue, Wed, Thu, Fri, Sat, Sun");
        return i;
    }

    private static LocalTime time(String text, String t) {
        try {
            return LocalTime.parse(t.length() == 4 ? "0" + t : t);
        } catch (DateTimeException e) {
            throw invalid(text, "'" + t + "' is not a time HH:MM");
        }
    }

    private static InvalidInputException invalid(String text, String what) {
        return new InvalidInputException("window '" + text + "': " + what + " (example: Mon-Fri 10:00-16:00 Europe/Berlin)");
    }

    public boolean contains(Instant t) {
        ZonedDateTime local = t.atZone(zone);
        if (!days.contains(local.getDayOfWeek())) return false;
        LocalTime time = local.toLocalTime();
        return !time.isBefore(from) && to.map(time::isBefore).orElse(true);
    }

    /** The first start of this window at or after {@code t} (within the next eight days). */
    public Instant nextStart(Instant t) {
        LocalDate date = t.atZone(zone).toLocalDate();
        for (int i = 0; i <= 8; i++) {
            LocalDate d = date.plusDays(i);
            if (!days.contains(d.getDayOfWeek())) continue;
            Instant start = d.atTime(from).atZone(zone).toInstant();
            if (!start.isBefore(t)) return start;
        }
        throw new IllegalStateException("unreachable: a window with a day opens within eight days");
    }

    @Override
    public String toString() {
        return days + " " + from + "-" + to.map(LocalTime::toString).orElse("24:00") + " " + zone;
    }
}
