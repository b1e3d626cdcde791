package dev.assay.server;

import static java.util.Objects.requireNonNull;

import dev.assay.model.InvalidInputException;
import dev.assay.model.Slo;
import dev.assay.telemetry.BudgetStatus;
import dev.assay.telemetry.ErrorBudgets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;

/**
 * Whether the controller may start an experiment now: not while an operator froze it ({@code assay freeze}), any
 * journey burns its error budget fast (a {@code page-*} window of the SRE workbook's burn-rate scheme fires, see
 * {@link dev.assay.telemetry.BurnRatePolicy}), or an incident is open. A budget that cannot be read does not freeze
 * (the pre-flight gate refuses such an experiment on its own).
 */
public final class Freeze {
    /** An operator's freeze: why, and since when. */
    public record Manual(String reason, Instant since) {
        public Manual {
            requireNonNull(reason, "reason");
            requireNonNull(since, "since");
        }
    }

    /** The freeze now: the operator's, and every automatic reason (fast burns, open incidents). */
    public record Status(Optional<Manual> manual, List<String> automatic) {
        public Status {
            requireNonNull(manual, "manual");
            automatic = List.copyOf(automatic);
        }

        public boolean frozen() {
            return manual.isPresent() || !automatic.isEmpty();
        }

        /** Why, in one line, or empty when not frozen. */
        public Optional<String> why() {
            List<String> all = new ArrayList<>();
            manual.ifPresent(m -> all.add("frozen by the operator since " + m.since() + ": " + m.reason()));
            all.addAll(automatic);
            return all.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", all));
        }
    }

    private final Clock clock;
    private final Supplier<List<String>> fastBurns;
    private final Incidents incidents;
    private volatile Optional<Manual> manual = Optional.empty();

    private Freeze(Clock clock, Supplier<List<String>> fastBurns, Incidents incidents) {
        this.clock = clock;
        this.fastBurns = fastBurns;
        this.incidents = incidents;
    }

    /** {@code fastBurns}: one line per journey burning fast (see {@link #fastBurns(ErrorBudgets, List, OptionalDouble)}). */
    public static Freeze create(Clock clock, Supplier<List<String>> fastBurns, Incidents incidents) {
        return new Freeze(requireNonNull(clock, "clock"), requireNonNull(fastBurns, "fastBurns"), requireNonNull(incidents, "incidents"));
    }

    /** Every SLO whose fast-paging burn-rate windows fire now, with the rates. */
    public static Supplier<List<String>> fastBurns(ErrorBudgets budgets, List<Slo> slos) {
        return fastBurns(budgets, slos, OptionalDouble.empty());
    }

    /**
     * Every SLO burning fast now, with the rates: a paging window ({@code page-*}) whose long and short rates both reach
     * {@code threshold} (the schedule's {@code freezeBurnRate}), or, without one, the window's own factor.
     */
    public static Supplier<List<String>> fastBurns(ErrorBudgets budgets, List<Slo> slos, OptionalDouble threshold) {
        return () -> {
            List<String> out = new ArrayList<>();
            for (BudgetStatus s : budgets.statuses(slos)) {
                if (!(s instanceof BudgetStatus.Known k)) continue;
                k.burnRates().stream().filter(r -> r.name().startsWith("page") && fires(r, threshold)).findFirst().ifPresent(r -> out.add(String.format(
                        java.util.Locale.ROOT, "SLO %s burns its error budget fast (%s: %.1fx over %ds and %.1fx over %ds, freezes at %.1fx)",
                        k.slo().name(), r.name(), r.longRate(), r.longWindow().toSeconds(), r.shortRate(), r.shortWindow().toSeconds(),
                        threshold.orElse(r.factor()))));
            }
            return out;
        };
    }

    static boolean fires(BudgetStatus.BurnRate r, OptionalDouble threshold) {
        if (threshold.isEmpty()) return r.firing();
        return r.longRate() >= threshold.getAsDouble() && r.shortRate() >= threshold.getAsDouble();
    }

    public void freeze(String reason) {
        if (reason == null || reason.isBlank()) throw new InvalidInputException("a freeze needs a reason (assay freeze --reason \"...\")");
        manual = Optional.of(new Manual(reason.strip(), clock.instant()));
    }

    public void unfreeze() {
        manual = Optional.empty();
    }

    public Status status() {
        List<String> automatic = new ArrayList<>();
        try {
            automatic.addAll(fastBurns.get());
        } catch (RuntimeException e) {
            // a telemetry source that cannot be read now freezes nothing; the pre-flight gate fails closed on it
        }
        incidents.openIncidents().forEach(i -> automatic.add("incident open: " + i));
        return new Status(manual, automatic);
    }
}
