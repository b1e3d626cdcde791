package dev.assay.safety;

import dev.assay.model.Expectation;
import dev.assay.safety.PreflightDecision.Refusal;
import dev.assay.safety.PreflightDecision.Refusal.Kind;
import dev.assay.spi.Reading;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pre-flight gate. Fails closed: anything it cannot read (an {@link Reading.Unknown}, a missing SLI) is a
 * refusal, never a pass. Checks every condition and reports all that fail, so an operator fixes them at once.
 */
public final class PreflightGate {
    private PreflightGate() {
    }

    public static PreflightDecision check(PreflightInput in) {
        List<Refusal> refusals = new ArrayList<>();
        budget(in, refusals);
        exclusionZones(in, refusals);
        blastRadius(in, refusals);
        overlap(in, refusals);
        for (Expectation e : in.intent().steadyState()) { // the steady state, not the expectations about the faulted window
            criterion(e, in.recent(), Kind.TARGET_DEGRADED, "now", refusals);
            criterion(e, in.steadyState(), Kind.NOT_STEADY, "over minSteadyState " + in.intent().safety().minSteadyState(), refusals);
        }
        in.intent().safety().abortWhen().forEach(a -> {
            if (!in.guardSources().containsKey(a.sli())) {
                refusals.add(new Refusal(Kind.SOURCE_UNKNOWN, "guard " + a.sli() + " was not read"));
            }
        });
        in.guardSources().values().forEach(r -> {
            if (r instanceof Reading.Unknown u) refusals.add(new Refusal(Kind.SOURCE_UNKNOWN, "guard " + u.sli() + " cannot be read: " + u.reason()));
        });
        return refusals.isEmpty() ? new PreflightDecision.Cleared() : new PreflightDecision.Refused(refusals);
    }

    private static void budget(PreflightInput in, List<Refusal> refusals) {
        double fraction = in.intent().safety().budgetFraction();
        switch (in.budgetRemaining()) {
            case Reading.Unknown u -> refusals.add(new Refusal(Kind.SOURCE_UNKNOWN, "error budget cannot be read: " + u.reason()));
            case Reading.Known k -> {
                if (k.value() <= 0) {
                    refusals.add(new Refusal(Kind.BUDGET, "the error budget of " + in.intent().targetBehavior() + " is spent (" + pct(k.value()) + " left)"));
                } else if (k.value() < fraction) {
                    refusals.add(new Refusal(Kind.BUDGET, "the intent may spend " + pct(fraction) + " of the error budget but only " + pct(k.value()) + " is left"));
                } else if (in.expectedCost() > fraction) {
                    refusals.add(new Refusal(Kind.BUDGET, "the experiment is expected to spend " + pct(in.expectedCost())
                            + " of the error budget, more than the intent's budgetFraction " + pct(fraction)));
                }
            }
        }
    }

    private static void exclusionZones(PreflightInput in, List<Refusal> refusals) {
        Set<String> zones = new HashSet<>(in.intent().safety().exclusionZones());
        if (zones.contains(in.intent().fault().target())) {
            refusals.add(new Refusal(Kind.EXCLUSION_ZONE, "the fault targets " + in.intent().fault().target() + ", an exclusion zone"));
        }
        in.predictedBlastRadius().stream().filter(zones::contains).distinct().forEach(s ->
                refusals.add(new Refusal(Kind.EXCLUSION_ZONE, "the predicted blast radius reaches " + s + ", an exclusion zone")));
        List<String> touched = new ArrayList<>();
        touched.add(in.intent().fault().target());
        touched.addAll(in.predictedBlastRadius());
        touched.stream().distinct().filter(s -> !zones.contains(s) && in.activeExclusionZones().containsKey(s)).forEach(s ->
                refusals.add(new Refusal(Kind.EXCLUSION_ZONE, (s.equals(in.intent().fault().target()) ? "the fault targets " : "the predicted blast radius reaches ")
                        + s + ", an exclusion zone of experiment " + in.activeExclusionZones().get(s) + ", which is running")));
    }

    private static void blastRadius(PreflightInput in, List<Refusal> refusals) {
        if (in.intent().safety().maxBlastRadius().isEmpty()) return;
        int max = in.intent().safety().maxBlastRadius().getAsInt();
        List<String> others = in.predictedBlastRadius().stream().distinct().filter(s -> !s.equals(in.intent().fault().target())).sorted().toList();
        if (others.size() > max) {
            refusals.add(new Refusal(Kind.BLAST_RADIUS, others.size() + " services besides the target are predicted to degrade " + others
                    + ", more than maxBlastRadius " + max));
        }
    }

    private static void overlap(PreflightInput in, List<Refusal> refusals) {
        Set<String> mine = new HashSet<>(in.predictedBlastRadius());
        mine.add(in.intent().fault().target());
        for (PreflightInput.RunningExperiment r : in.running()) {
            List<String> shared = r.predictedBlastRadius().stream().filter(mine::contains).distinct().sorted().toList();
            if (!shared.isEmpty()) {
                refusals.add(new Refusal(Kind.OVERLAPPING_EXPERIMENT, "experiment " + r.experimentId() + " is running and its predicted blast radius shares " + shared));
            }
        }
    }

    private static void criterion(Expectation e, Map<String, Reading> readings, Kind kind, String when, List<Refusal> refusals) {
        Reading r = readings.get(e.sli());
        if (r == null) {
            refusals.add(new Refusal(Kind.SOURCE_UNKNOWN, e.sli() + " was not read " + when));
        } else if (r instanceof Reading.Unknown u) {
            refusals.add(new Refusal(Kind.SOURCE_UNKNOWN, e.sli() + " cannot be read " + when + ": " + u.reason()));
        } else if (r instanceof Reading.Known k && !e.holds(k.value())) {
            refusals.add(new Refusal(kind, e.sli() + " is " + k.value() + " " + when + ", not " + e.comparison().id() + " " + e.threshold()));
        }
    }

    private static String pct(double f) {
        return String.format(java.util.Locale.ROOT, "%.3g%%", f * 100);
    }
}
