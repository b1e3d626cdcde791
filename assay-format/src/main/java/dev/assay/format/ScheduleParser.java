package dev.assay.format;

import dev.assay.model.InvalidInputException;
import dev.assay.model.ScheduleConfig;
import dev.assay.model.Window;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a system file's {@code spec.schedule} (continuous mode, docs/serve.md): {@code windows} (each
 * {@code Mon-Fri 10:00-16:00 [ZONE]}), {@code timeZone} (for windows that name none; default UTC), {@code pace}
 * (a share of the remaining error budget per day, in (0, 100%]), {@code gap} (between two experiments) and
 * {@code freezeBurnRate} (a burn-rate factor, more than 0). Every problem is reported where it is written.
 */
final class ScheduleParser {
    static final List<String> FIELDS = List.of("windows", "timeZone", "pace", "gap", "freezeBurnRate");

    private final Problems problems;

    ScheduleParser(Problems problems) {
        this.problems = problems;
    }

    /** Empty when the block has problems (each reported). */
    Optional<ScheduleConfig> parse(Fields f) {
        f.allow(FIELDS.toArray(String[]::new));
        int before = problems.size();
        ZoneId zone = f.name("timeZone", false).flatMap(z -> zone(f, z)).orElse(ZoneId.of("UTC"));
        List<Window> windows = new ArrayList<>();
        f.list("windows", false).ifPresent(items -> {
            if (items.isEmpty()) problems.add(f.value("windows", false).orElseThrow(), f.path("windows"),
                    "an empty list allows no time at all; leave 'windows' out to allow any time, or list one such as 'Mon-Fri 10:00-16:00'");
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String path = f.path("windows") + "[" + i + "]";
                Values.name(item, path, problems).ifPresent(text -> {
                    try {
                        windows.add(Window.parse(text, zone));
                    } catch (InvalidInputException | IllegalArgumentException e) {
                        problems.add(item, path, e.getMessage());
                    }
                });
            }
        });
        OptionalDouble pace = f.ratio("pace", false).filter(p -> {
            boolean ok = p > 0 && p <= 1;
            if (!ok) problems.add(f.value("pace", false).orElseThrow(), f.path("pace"), String.format(java.util.Locale.ROOT,
                    "pace is the share of the remaining error budget experiments may spend per day: more than 0, at most 100%%, e.g. 10%%; got %s%%",
                    strip(100 * p)));
            return ok;
        }).map(OptionalDouble::of).orElse(OptionalDouble.empty());
        Optional<Duration> gap = f.duration("gap", false);
        OptionalDouble burn = f.number("freezeBurnRate", false).filter(b -> {
            if (!(b > 0)) problems.add(f.value("freezeBurnRate", false).orElseThrow(), f.path("freezeBurnRate"),
                    "freezeBurnRate is a multiple of the sustainable burn rate (1 spends the budget exactly over the SLO window), more than 0,"
                            + " e.g. 6; got " + strip(b));
            return b > 0;
        }).map(OptionalDouble::of).orElse(OptionalDouble.empty());
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new ScheduleConfig(windows, pace, gap, burn));
    }

    private Optional<ZoneId> zone(Fields f, String z) {
        try {
            return Optional.of(ZoneId.of(z));
        } catch (DateTimeException e) {
            problems.add(f.value("timeZone", false).orElseThrow(), f.path("timeZone"),
                    "unknown time zone '" + z + "'; use a region id such as Europe/Berlin, America/New_York or UTC");
            return Optional.empty();
        }
    }

    private static String strip(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
