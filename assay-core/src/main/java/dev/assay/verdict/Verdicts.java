package dev.assay.verdict;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Decides an intent's verdict from its acceptance criteria and what was observed. A criterion holds when the
 * confidence interval of its SLI during the fault lies wholly on the good side of the threshold, is broken
 * when it lies wholly on the bad side, and is undecided otherwise. Any broken criterion refutes the intent;
 * all holding supports it; anything else (too few samples, an interval straddling the threshold, an SLI
 * nobody measured) is inconclusive, with the reason.
 */
public final class Verdicts {
    private final VerdictPolicy policy;

    private Verdicts(VerdictPolicy policy) {
        this.policy = requireNonNull(policy, "policy");
    }

    public static Verdicts create(VerdictPolicy policy) {
        return new Verdicts(policy);
    }

    public VerdictPolicy policy() {
        return policy;
    }

    /** The verdict for {@code expectations} given an observation per SLI name. */
    public Verdict decide(List<Expectation> expectations, Map<String, MeasurementPair> observed) {
        if (expectations.isEmpty()) return new Verdict.Inconclusive("the intent has no acceptance criteria (expect is empty)", List.of());
        List<Evidence> evidence = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        List<String> undecided = new ArrayList<>();
        for (Expectation e : expectations) {
            MeasurementPair o = observed.get(e.sli());
            if (o == null) {
                undecided.add(e.sli() + " was not measured");
                continue;
            }
            Judged j = judge(e, o);
            j.evidence().ifPresent(evidence::add);
            j.problem().ifPresent(undecided::add);
            j.evidence().filter(ev -> ev.decision() == Evidence.Decision.BROKEN).ifPresent(ev -> broken.add(describe(ev)));
        }
        if (!broken.isEmpty()) return new Verdict.Refuted(String.join("; ", broken), evidence);
        if (!undecided.isEmpty()) return new Verdict.Inconclusive(String.join("; ", undecided), evidence);
        return new Verdict.Supported(evidence);
    }

    /**
     * True when the SLI got significantly worse during the fault than in the reference: a two-sided test at
     * the policy's confidence, and the change in the bad direction ({@code higherIsWorse}). Used for the
     * observed blast radius.
     */
    public boolean deviated(MeasurementPair o, OptionalDouble percentile, boolean higherIsWorse) {
        if (o.before().samples() == 0 || o.during().samples() == 0) return false;
        double alpha = 1 - policy.confidence();
        if (o.before() instanceof Measurement.Rate a && o.during() instanceof Measurement.Rate b) {
            return Statistics.twoProportionPValue(a, b) < alpha && (b.value() > a.value()) == higherIsWorse;
        }
        Measurement.Latencies a = (Measurement.Latencies) o.before();
        Measurement.Latencies b = (Measurement.Latencies) o.during();
        double q = percentile.orElse(0.5);
        if (a.samples() < policy.minSamplesFor(q) || b.samples() < policy.minSamplesFor(q)) return false;
        double delta = Statistics.percentile(b, q) - Statistics.percentile(a, q);
        return Statistics.percentileDifferencePValue(a, b, q, policy.bootstrapResamples(), policy.seed()) < alpha
                && (delta > 0) == higherIsWorse;
    }

    /** The percentile an SLI name asks for: {@code ...p99} is 0.99, {@code ...p999} is 0.999, {@code ...p50} 0.5. */
    public static OptionalDouble percentileOf(String sli) {
        int dot = sli.lastIndexOf('.');
        String last = sli.substring(dot + 1);
        if (!last.matches("p[0-9]{2,6}")) return OptionalDouble.empty();
        String digits = last.substring(1);
        return OptionalDouble.of(Double.parseDouble(digits) / Math.pow(10, digits.length()));
    }

    private record Judged(Optional<Evidence> evidence, Optional<String> problem) {
    }

    private Judged judge(Expectation e, MeasurementPair o) {
        String criterion = e.sli() + " " + e.comparison().id() + " " + e.threshold();
        double t = e.threshold().value();
        OptionalDouble q = percentileOf(e.sli());
        if (o.during() instanceof Measurement.Rate during) {
            Measurement.Rate before = (Measurement.Rate) o.before();
            if (q.isPresent()) return problem(e.sli() + " names a percentile but was measured as a rate");
            Optional<Interval> interval = during.trials() == 0 ? Optional.empty()
                    : Optional.of(Statistics.rateInterval(during, policy.confidence()));
            double p = Statistics.twoProportionPValue(before, during);
            String enough = enoughRate(e.sli(), before, during);
            Evidence ev = new Evidence(e.sli(), criterion, t, o.reference(), before.value(), during.value(), interval,
                    before.trials(), during.trials(), p, enough == null ? decision(e, interval) : Evidence.Decision.UNDECIDED,
                    "Jeffreys interval; two-proportion z-test vs " + o.reference().name().toLowerCase());
            return new Judged(Optional.of(ev), Optional.ofNullable(enough).or(() -> undecidedReason(ev)));
        }
        Measurement.Latencies during = (Measurement.Latencies) o.during();
        Measurement.Latencies before = (Measurement.Latencies) o.before();
        if (q.isEmpty()) return problem(e.sli() + " was measured as latencies but names no percentile (end it in .p50, .p99, ...)");
        double quantile = q.getAsDouble();
        long need = policy.minSamplesFor(quantile);
        String enough = before.samples() < need || during.samples() < need
                ? "too few samples for " + e.sli() + ": " + before.samples() + " in the " + refName(o) + " and " + during.samples()
                  + " during the fault, need at least " + need + " each for p" + percentileLabel(quantile)
                : null;
        Optional<Interval> interval = during.samples() == 0 ? Optional.empty()
                : Optional.of(Statistics.percentileInterval(during, quantile, policy.confidence(), policy.bootstrapResamples(), policy.seed()));
        double baseline = before.samples() == 0 ? Double.NaN : Statistics.percentile(before, quantile);
        double value = during.samples() == 0 ? Double.NaN : Statistics.percentile(during, quantile);
        double p = before.samples() == 0 || during.samples() == 0 ? 1
                : Statistics.percentileDifferencePValue(before, during, quantile, policy.bootstrapResamples(), policy.seed());
        Evidence ev = new Evidence(e.sli(), criterion, t, o.reference(), zeroIfNaN(baseline), zeroIfNaN(value), interval,
                before.samples(), during.samples(), p, enough == null ? decision(e, interval) : Evidence.Decision.UNDECIDED,
                "percentile bootstrap (" + policy.bootstrapResamples() + " resamples, seed " + policy.seed() + ") vs "
                        + o.reference().name().toLowerCase());
        return new Judged(Optional.of(ev), Optional.ofNullable(enough).or(() -> undecidedReason(ev)));
    }

    private String enoughRate(String sli, Measurement.Rate before, Measurement.Rate during) {
        long need = policy.minRateTrials();
        if (before.trials() >= need && during.trials() >= need) return null;
        return "too few samples for " + sli + ": " + before.trials() + " requests in the reference and " + during.trials()
                + " during the fault, need at least " + need + " each";
    }

    private static Evidence.Decision decision(Expectation e, Optional<Interval> interval) {
        if (interval.isEmpty()) return Evidence.Decision.UNDECIDED;
        Interval i = interval.get();
        double t = e.threshold().value();
        return switch (e.comparison()) {
            case BELOW -> i.high() < t ? Evidence.Decision.HOLDS : i.low() >= t ? Evidence.Decision.BROKEN : Evidence.Decision.UNDECIDED;
            case ABOVE -> i.low() > t ? Evidence.Decision.HOLDS : i.high() <= t ? Evidence.Decision.BROKEN : Evidence.Decision.UNDECIDED;
        };
    }

    private static Optional<String> undecidedReason(Evidence ev) {
        if (ev.decision() != Evidence.Decision.UNDECIDED) return Optional.empty();
        Interval i = ev.interval().orElseThrow();
        return Optional.of(ev.sli() + ": the " + pct(i.confidence()) + " interval [" + fmt(i.low()) + ", " + fmt(i.high())
                + "] straddles the threshold " + fmt(ev.threshold()) + "; run longer or with more traffic");
    }

    private static String describe(Evidence ev) {
        Interval i = ev.interval().orElseThrow();
        return ev.criterion() + " broken: " + fmt(ev.during()) + " during the fault (" + pct(i.confidence()) + " interval ["
                + fmt(i.low()) + ", " + fmt(i.high()) + "], n=" + ev.duringSamples() + ") vs " + fmt(ev.baseline()) + " in the "
                + (ev.reference() == Evidence.Reference.CONTROL_COHORT ? "control cohort" : "baseline");
    }

    private static Judged problem(String reason) {
        return new Judged(Optional.empty(), Optional.of(reason));
    }

    private static String refName(MeasurementPair o) {
        return o.reference() == Evidence.Reference.CONTROL_COHORT ? "control cohort" : "baseline";
    }

    private static String percentileLabel(double q) {
        return String.valueOf(q * 100).replaceAll("\\.0$", "");
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static String pct(double c) {
        return Math.round(c * 100) + "%";
    }

    private static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
