package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Expectation;
import dev.assay.model.Intent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How long an experiment must run for its verdict to have enough samples, known before anything is injected.
 * Each expectation needs {@link VerdictPolicy#minSamplesFor} latencies (a percentile) or
 * {@link VerdictPolicy#minRateTrials} requests (a rate) both in the baseline and during each level; at the
 * observed request rate of its SLI that is a window. Only the faulted share of requests ({@code scope}) is
 * counted during the fault, so a 10 % fault needs ten times as long. The baseline and level windows are
 * lengthened when too short, as long as the whole experiment (baseline + levels) fits the intent's
 * {@code maxDuration}, which the planner's cost already assumes it may take, so the budget check stands;
 * otherwise the experiment is refused with the numbers. An SLI with no observed rate (a Prometheus query
 * does not say how many requests it summarises) is named as unknown: its window cannot be told.
 */
public final class SampleWindows {
    private SampleWindows() {
    }

    /** What one expectation needs: samples, the rate they arrive at (per second, all requests), the windows that gives. */
    public record Need(String sli, long samples, double ratePerSecond, Duration baseline, Duration level) {
        public String describe() {
            return String.format(Locale.ROOT, "%s needs %d samples: %.1f req/s observed -> baseline %s, each level %s",
                    sli, samples, ratePerSecond, seconds(baseline), seconds(level));
        }
    }

    /** The outcome for one intent: run with these windows (possibly lengthened), or refuse before injecting. */
    public sealed interface Decision permits Enough, Refuse {
        List<Need> needs();
    }

    /**
     * Windows long enough for every SLI with an observed rate: {@code lengthened} says whether they are longer than
     * the ones asked for; {@code unknown} names the SLIs without an observed rate (their windows cannot be told).
     */
    public record Enough(Duration baseline, Duration level, boolean lengthened, List<Need> needs, List<String> unknown) implements Decision {
        public Enough {
            needs = List.copyOf(needs);
            unknown = List.copyOf(unknown);
        }
    }

    public record Refuse(String reason, List<Need> needs) implements Decision {
        public Refuse {
            requireNonNull(reason, "reason");
            needs = List.copyOf(needs);
        }
    }

    /**
     * The windows {@code intent} needs, given the request rate of each of its expectations' SLIs ({@code rates},
     * per second; a missing or non-positive rate is unknown) and the windows asked for.
     */
    public static Decision decide(Intent intent, Map<String, Double> rates, VerdictPolicy policy, Duration baseline, Duration level) {
        List<Need> needs = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        double share = intent.fault().scope().fraction();
        Duration b = baseline;
        Duration l = level;
        for (Expectation e : intent.expect()) {
            OptionalDouble q = Verdicts.percentileOf(e.sli());
            long samples = q.isPresent() ? policy.minSamplesFor(q.getAsDouble()) : policy.minRateTrials();
            Double rate = rates.get(e.sli());
            if (rate == null || !(rate > 0)) {
                unknown.add(e.sli());
                continue;
            }
            Duration nb = ceilSeconds(samples / rate);
            Duration nl = ceilSeconds(samples / (rate * share));
            needs.add(new Need(e.sli(), samples, rate, nb, nl));
            if (nb.compareTo(b) > 0) b = nb;
            if (nl.compareTo(l) > 0) l = nl;
        }
        int levels = Math.max(1, intent.fault().levels().size());
        Duration total = b.plus(l.multipliedBy(levels));
        Duration max = intent.safety().maxDuration();
        if (total.compareTo(max) > 0) {
            return new Refuse(String.format(Locale.ROOT, "needs %s (baseline %s + %d level%s x %s) for enough samples, more than maxDuration %s: "
                            + "raise maxDuration, widen the fault's scope (%.0f%% now) or send more traffic", seconds(total), seconds(b), levels,
                    levels == 1 ? "" : "s", seconds(l), seconds(max), share * 100), needs);
        }
        return new Enough(b, l, !b.equals(baseline) || !l.equals(level), needs, unknown);
    }

    private static Duration ceilSeconds(double seconds) {
        return Duration.ofSeconds((long) Math.ceil(seconds - 1e-9));
    }

    static String seconds(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? s / 60 + "m" : s + "s";
    }
}
