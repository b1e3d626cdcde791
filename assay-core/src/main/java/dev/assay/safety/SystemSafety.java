package dev.assay.safety;

import static java.util.Objects.requireNonNull;

import dev.assay.model.AbortCondition;
import dev.assay.model.Intent;
import dev.assay.model.Quantities;
import dev.assay.model.Safety;
import dev.assay.planner.PlanRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The one place where the system file's safety defaults ({@code spec.safety} of {@code assay.yaml}) bind the
 * intents. Every command that plans or runs ({@code plan}, {@code run}, {@code run --dry-run}) binds its
 * intents here before anything else sees them. Per field the stricter wins: the union of exclusion zones and
 * of abort conditions, the smallest {@code budgetFraction}, {@code maxDuration} and {@code maxBlastRadius},
 * the longest {@code minSteadyState}. An intent can tighten the system's limits, never loosen them.
 */
public final class SystemSafety {
    private SystemSafety() {
    }

    /** The bound intents, and for each field where the system file's value won, a line saying so. */
    public record Bound(List<Intent> intents, List<String> notes) {
        public Bound {
            intents = List.copyOf(intents);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Binds every intent to {@code system} (the system file's {@code spec.safety}); {@code source} names the file
     * in the notes (e.g. {@code assay.yaml}).
     */
    public static Bound bind(Safety system, String source, List<Intent> intents) {
        requireNonNull(system, "system");
        requireNonNull(source, "source");
        List<Intent> out = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Intent i : intents) {
            Safety merged = stricter(system, i.safety());
            describe(i.id(), system, i.safety(), merged, source, notes);
            out.add(merged.equals(i.safety()) ? i : withSafety(i, merged));
        }
        return new Bound(out, notes);
    }

    /** Per field the stricter of the two. */
    public static Safety stricter(Safety a, Safety b) {
        LinkedHashSet<String> zones = new LinkedHashSet<>(b.exclusionZones());
        zones.addAll(a.exclusionZones());
        LinkedHashSet<AbortCondition> abort = new LinkedHashSet<>(b.abortWhen());
        abort.addAll(a.abortWhen());
        return new Safety(Math.min(a.budgetFraction(), b.budgetFraction()), List.copyOf(zones), List.copyOf(abort),
                max(a.minSteadyState(), b.minSteadyState()), min(a.maxDuration(), b.maxDuration()), min(a.maxBlastRadius(), b.maxBlastRadius()));
    }

    /**
     * The plan request under the system's limits: its exclusion zones are added to the request's (so generated
     * candidates respect them too) and its {@code maxBlastRadius} caps the request's.
     */
    public static PlanRequest constrain(PlanRequest request, Safety system) {
        LinkedHashSet<String> zones = new LinkedHashSet<>(request.exclusionZones());
        zones.addAll(system.exclusionZones());
        PlanRequest r = request.withExclusionZones(List.copyOf(zones));
        if (system.maxBlastRadius().isPresent() && system.maxBlastRadius().getAsInt() < r.maxBlastRadius()) {
            r = r.withMaxBlastRadius(system.maxBlastRadius().getAsInt());
        }
        return r;
    }

    private static void describe(String id, Safety sys, Safety own, Safety merged, String source, List<String> notes) {
        String p = "intent " + id + ": safety: ";
        if (sys.budgetFraction() < own.budgetFraction()) {
            notes.add(p + "budgetFraction " + num(sys.budgetFraction()) + " from " + source + " (stricter than the intent's " + num(own.budgetFraction()) + ")");
        }
        List<String> addedZones = merged.exclusionZones().stream().filter(z -> !own.exclusionZones().contains(z)).toList();
        if (!addedZones.isEmpty()) notes.add(p + "exclusionZones " + addedZones + " from " + source + " (added to the intent's " + own.exclusionZones() + ")");
        List<String> addedGuards = merged.abortWhen().stream().filter(a -> !own.abortWhen().contains(a))
                .map(a -> a.sli() + " " + a.trigger().id() + " " + a.threshold()).toList();
        if (!addedGuards.isEmpty()) notes.add(p + "abortWhen " + addedGuards + " from " + source + " (added to the intent's guards)");
        if (sys.minSteadyState().compareTo(own.minSteadyState()) > 0) {
            notes.add(p + "minSteadyState " + Quantities.format(sys.minSteadyState()) + " from " + source + " (stricter than the intent's "
                    + Quantities.format(own.minSteadyState()) + ")");
        }
        if (sys.maxDuration().compareTo(own.maxDuration()) < 0) {
            notes.add(p + "maxDuration " + Quantities.format(sys.maxDuration()) + " from " + source + " (stricter than the intent's "
                    + Quantities.format(own.maxDuration()) + ")");
        }
        if (sys.maxBlastRadius().isPresent() && !sys.maxBlastRadius().equals(own.maxBlastRadius()) && sys.maxBlastRadius().equals(merged.maxBlastRadius())) {
            notes.add(p + "maxBlastRadius " + sys.maxBlastRadius().getAsInt() + " from " + source + " ("
                    + (own.maxBlastRadius().isPresent() ? "stricter than the intent's " + own.maxBlastRadius().getAsInt() : "the intent sets none") + ")");
        }
    }

    private static Intent withSafety(Intent i, Safety s) {
        return i.withSafety(s);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static OptionalInt min(OptionalInt a, OptionalInt b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return OptionalInt.of(Math.min(a.getAsInt(), b.getAsInt()));
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%s", java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString());
    }
}
