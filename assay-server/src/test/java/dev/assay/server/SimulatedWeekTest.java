package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.journal.Journal;
import dev.assay.model.Window;
import dev.assay.spi.Reading;
import dev.assay.testkit.MutableClock;
import dev.assay.verdict.Outcome;
import dev.assay.verdict.Verdict;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated week of continuous mode on an injected clock, without sleeping: the waiter moves the clock to the
 * time the scheduler asks for. The journal is the real SQLite journal. The experiment step is a stand-in that
 * spends 0.5 % of the error budget in 10 simulated minutes (running real experiments would take real time; the
 * campaign and runner behind the real step are tested in CampaignTest and ControllerTest).
 */
class SimulatedWeekTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZonedDateTime MONDAY = ZonedDateTime.of(2026, 12, 7, 0, 0, 0, 0, BERLIN);

    @TempDir
    Path dir;

    @Test
    void aWeekRespectsTheWindowsThePaceTheFreezeAndAnOpenIncidentAndJournalsEveryDecision() {
        MutableClock clock = new MutableClock(MONDAY.toInstant());
        Instant end = MONDAY.plusDays(7).toInstant();
        Instant freezeFrom = MONDAY.plusDays(2).withHour(9).toInstant(); // Wednesday 09:00: an operator freezes
        Instant freezeTo = MONDAY.plusDays(2).withHour(14).toInstant(); //             14:00: unfreezes
        Instant incidentFrom = MONDAY.plusDays(3).withHour(10).toInstant(); // Thursday 10:00-13:00 an incident is open
        Instant incidentTo = MONDAY.plusDays(3).withHour(13).toInstant();
        Incidents incidents = () -> !clock.instant().isBefore(incidentFrom) && clock.instant().isBefore(incidentTo)
                ? List.of("INC-7 checkout errors") : List.of();
        Freeze freeze = Freeze.create(clock, List::of, incidents);
        Schedule schedule = Schedule.defaults().withWindows(List.of(Window.parse("Mon-Fri 10:00-16:00 Europe/Berlin")))
                .withPace(0.02).withGap(Duration.ofMinutes(30));
        List<Instant> ran = new ArrayList<>();
        AtomicBoolean frozenOnce = new AtomicBoolean();
        try (Journal journal = Journal.open(dir.resolve("journal.db"))) {
            double[] spent = {0};
            Scheduler.Experiments step = () -> {
                Instant start = clock.instant();
                ran.add(start);
                clock.advance(Duration.ofMinutes(10));
                spent[0] += 0.005;
                Outcome o = new Outcome("e-" + ran.size(), "checkout-tolerates-slow-catalog", new Verdict.Supported(List.of()), Optional.empty(),
                        Optional.empty(), List.of(), List.of(), List.of(), 0, 0.005, 0.3, start, clock.instant());
                journal.recordOutcome(o);
                return new Scheduler.Step.Ran(o, "best candidate checkout-tolerates-slow-catalog (0.300 bits expected)");
            };
            Scheduler.Waiter waiter = t -> {
                Instant now = clock.instant();
                // the operator's freeze and unfreeze happen at their times even when the scheduler sleeps past them
                if (now.isBefore(freezeFrom) && !t.isBefore(freezeFrom)) t = freezeFrom;
                if (now.isBefore(freezeTo) && !t.isBefore(freezeTo)) t = freezeTo;
                if (t.isAfter(now)) clock.advance(Duration.between(now, t));
                if (!clock.instant().isBefore(freezeFrom) && clock.instant().isBefore(freezeTo) && frozenOnce.compareAndSet(false, true)) {
                    freeze.freeze("release of payment 2.3");
                }
                if (!clock.instant().isBefore(freezeTo)) freeze.unfreeze();
                return clock.instant().isBefore(end);
            };
            Scheduler.create(clock, waiter, schedule, freeze, journal, () -> new Reading.Known("budget", 0.8 - spent[0], 1, clock.instant()), step).run();

            assertThat(clock.instant()).isAfterOrEqualTo(end);
            assertThat(ran).as("experiments ran").isNotEmpty().allSatisfy(t -> {
                ZonedDateTime z = t.atZone(BERLIN);
                assertThat(z.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
                assertThat(z.toLocalTime()).isBetween(LocalTime.of(10, 0), LocalTime.of(15, 59, 59));
                assertThat(t).as("not while frozen").isNotIn(between(ran, freezeFrom, freezeTo));
                assertThat(t.isBefore(incidentFrom) || !t.isBefore(incidentTo)).as("not while an incident is open: %s", t).isTrue();
            });
            Map<Integer, Integer> perDay = new TreeMap<>();
            ran.forEach(t -> perDay.merge(t.atZone(BERLIN).getDayOfMonth(), 1, Integer::sum));
            // 2 % of ~78 % remaining = ~1.57 % a day: the 4th experiment starts at 1.5 % spent, the 5th is refused
            assertThat(perDay).as("pace: at most 4 experiments a day (12 would fit the window)").containsOnlyKeys(7, 8, 9, 10, 11)
                    .allSatisfy((day, n) -> assertThat(n).isLessThanOrEqualTo(4));
            assertThat(perDay.get(7)).isEqualTo(4);
            assertThat(ran.stream().filter(t -> t.atZone(BERLIN).getDayOfMonth() == 9)).as("Wednesday: only after 14:00")
                    .allSatisfy(t -> assertThat(t).isAfterOrEqualTo(freezeTo)).isNotEmpty();

            List<Journal.Decision> decisions = journal.decisions();
            assertThat(decisions).filteredOn(d -> d.action().equals("RAN")).hasSize(ran.size())
                    .allSatisfy(d -> assertThat(d.experimentId()).isPresent());
            assertThat(decisions).filteredOn(d -> d.action().equals("FROZEN")).extracting(Journal.Decision::reason)
                    .anySatisfy(r -> assertThat(r).contains("frozen by the operator").contains("release of payment 2.3"))
                    .anySatisfy(r -> assertThat(r).contains("incident open: INC-7 checkout errors"));
            assertThat(decisions).filteredOn(d -> d.action().equals("SKIPPED")).extracting(Journal.Decision::reason)
                    .anySatisfy(r -> assertThat(r).startsWith("outside the allowed windows"))
                    .anySatisfy(r -> assertThat(r).startsWith("pace: experiments spent"));
            assertThat(decisions).as("a skip is journaled when its reason changes, not at every recheck").hasSizeLessThan(200);
        }
    }

    private static List<Instant> between(List<Instant> all, Instant from, Instant to) {
        return all.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).toList();
    }
}
