package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import dev.assay.journal.Journal;
import dev.assay.verdict.Outcome;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * History across runs over a window of the journal ({@code assay report --since 30d}; the dashboard calls
 * {@link #of(Journal, Instant, Duration)} too): each intent's outcomes over time, flaky hypotheses (an intent
 * whose conclusive verdict changed between experiments on the same topology fingerprint — no drift explains it),
 * and the error budget spent per ISO week (Monday, UTC). Rendered by {@link TrendsText}.
 */
public record Trends(Instant from, Instant to, List<IntentTrend> intents, List<Flaky> flaky, List<Week> weeks) {
    public Trends {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        intents = List.copyOf(intents);
        flaky = List.copyOf(flaky);
        weeks = List.copyOf(weeks);
    }

    /** One experiment's result on the timeline; {@code topology} is its fingerprint when the journal recorded one. */
    public record Point(String experimentId, String verdict, Instant at, Optional<String> topology, double budgetConsumed) {
    }

    /** An intent's outcomes in the window, oldest first, and how often each verdict came out. */
    public record IntentTrend(String intentId, List<Point> points, Map<String, Integer> verdictCounts) {
        public IntentTrend {
            points = List.copyOf(points);
            verdictCounts = Map.copyOf(verdictCounts);
        }

        public String latestVerdict() {
            return points.get(points.size() - 1).verdict();
        }
    }

    /**
     * A hypothesis whose verdict flipped (SUPPORTED ↔ REFUTED) between consecutive experiments on one topology:
     * {@code changes} flips among {@code verdicts} (in order), on topology fingerprint {@code topology}.
     */
    public record Flaky(String intentId, String topology, List<String> verdicts, int changes) {
        public Flaky {
            verdicts = List.copyOf(verdicts);
        }
    }

    /** The error budget (fraction) experiments consumed in the week starting {@code monday}, and how many ran. */
    public record Week(LocalDate monday, double budgetConsumed, int experiments, double bitsGained) {
    }

    /** Trends of the journal's outcomes that started in {@code [now - since, now]}. */
    public static Trends of(Journal journal, Instant now, Duration since) {
        return of(journal.outcomes(), journal.topologies(), now, since);
    }

    public static Trends of(List<Outcome> outcomes, Map<String, String> topologies, Instant now, Duration since) {
        Instant from = now.minus(since);
        List<Outcome> window = outcomes.stream().filter(o -> !o.startedAt().isBefore(from) && !o.startedAt().isAfter(now))
                .sorted(java.util.Comparator.comparing(Outcome::startedAt)).toList();
        Map<String, List<Point>> byIntent = new LinkedHashMap<>();
        TreeMap<LocalDate, double[]> weeks = new TreeMap<>();
        for (Outcome o : window) {
            byIntent.computeIfAbsent(o.intentId(), k -> new ArrayList<>()).add(new Point(o.experimentId(), o.verdict().kind(), o.startedAt(),
                    Optional.ofNullable(topologies.get(o.experimentId())), o.budgetConsumed()));
            LocalDate monday = o.startedAt().atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            double[] w = weeks.computeIfAbsent(monday, k -> new double[3]);
            w[0] += o.budgetConsumed();
            w[1]++;
            w[2] += o.bitsGained();
        }
        List<IntentTrend> intents = new ArrayList<>();
        List<Flaky> flaky = new ArrayList<>();
        byIntent.forEach((intent, points) -> {
            Map<String, Integer> counts = new TreeMap<>();
            points.forEach(p -> counts.merge(p.verdict(), 1, Integer::sum));
            intents.add(new IntentTrend(intent, points, counts));
            flaky.addAll(flaky(intent, points));
        });
        List<Week> perWeek = new ArrayList<>();
        weeks.forEach((monday, w) -> perWeek.add(new Week(monday, w[0], (int) w[1], w[2])));
        return new Trends(from, now, intents, flaky, perWeek);
    }

    /** Per topology fingerprint, the conclusive verdicts in order; flaky where consecutive ones differ. */
    private static List<Flaky> flaky(String intent, List<Point> points) {
        Map<String, List<String>> byTopology = new LinkedHashMap<>();
        for (Point p : points) {
            if (p.topology().isEmpty() || !(p.verdict().equals("SUPPORTED") || p.verdict().equals("REFUTED"))) continue;
            byTopology.computeIfAbsent(p.topology().get(), k -> new ArrayList<>()).add(p.verdict());
        }
        List<Flaky> result = new ArrayList<>();
        byTopology.forEach((topology, verdicts) -> {
            int changes = 0;
            for (int i = 1; i < verdicts.size(); i++) if (!verdicts.get(i).equals(verdicts.get(i - 1))) changes++;
            if (changes > 0) result.add(new Flaky(intent, topology, verdicts, changes));
        });
        return result;
    }

    /**
     * Reads a window such as {@code 30d}, {@code 12h}, {@code 2w} or {@code 90m}.
     *
     * @throws dev.assay.model.InvalidInputException saying what to write
     */
    public static Duration parseSince(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})([mhdw])").matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new dev.assay.model.InvalidInputException("--since: cannot read '" + text
                    + "'; write a positive window with a unit: 90m, 12h, 30d or 8w");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
