package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Slo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The state of one SLO's error budget. {@link Unknown} when any reading it needs is unknown: an unknown
 * budget is never "full", and callers (the safety gate) must fail closed on it.
 */
public sealed interface BudgetStatus permits BudgetStatus.Known, BudgetStatus.Unknown {
    Slo slo();

    /**
     * @param errorRatio       bad-event share over the data of the SLO window
     * @param remaining        share of the budget left, 0..1 (see {@link ErrorBudgets} for the maths)
     * @param covered          how much of the SLO window the data covers
     * @param burnRates        per policy window, the burn rates and whether the alert fires
     */
    record Known(Slo slo, double errorRatio, double remaining, Duration covered, List<BurnRate> burnRates, Instant at) implements BudgetStatus {
        public Known {
            requireNonNull(slo, "slo");
            requireNonNull(covered, "covered");
            requireNonNull(at, "at");
            burnRates = List.copyOf(burnRates);
            if (!(remaining >= 0 && remaining <= 1)) throw new IllegalArgumentException("remaining budget must be within [0, 1], was " + remaining);
        }

        /** The data the figure rests on: empty for a whole window, else e.g. "based on 20m of data (0.05% of 30d)". */
        public String basedOn() {
            if (covered.compareTo(slo.window()) >= 0) return "";
            double pct = 100.0 * covered.toMillis() / Math.max(1, slo.window().toMillis());
            return String.format(java.util.Locale.ROOT, "based on %s of data (%.2g%% of %s)", human(covered), pct, PromQl.duration(slo.window()));
        }

        private static String human(Duration d) {
            long s = d.toSeconds();
            if (s < 120) return s + " s";
            if (s < 7200) return (s / 60) + " min";
            if (s < 172_800) return String.format(java.util.Locale.ROOT, "%.1f h", s / 3600.0);
            return String.format(java.util.Locale.ROOT, "%.1f d", s / 86400.0);
        }

        public boolean anyFiring() {
            return burnRates.stream().anyMatch(BurnRate::firing);
        }
    }

    record Unknown(Slo slo, String reason) implements BudgetStatus {
        public Unknown {
            requireNonNull(slo, "slo");
            requireNonNull(reason, "reason");
        }
    }

    /** Burn rate = error ratio over the window / the SLO's budget; 1 spends the budget exactly over the SLO window. */
    record BurnRate(String name, Duration longWindow, double longRate, Duration shortWindow, double shortRate, double factor) {
        public boolean firing() {
            return longRate >= factor && shortRate >= factor;
        }
    }
}
