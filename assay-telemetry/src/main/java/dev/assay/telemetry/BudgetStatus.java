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
     * @param errorRatio       bad-event share over the SLO window
     * @param remaining        share of the budget left: 1 untouched, 0 spent, negative overspent
     * @param burnRates        per policy window, the burn rates and whether the alert fires
     */
    record Known(Slo slo, double errorRatio, double remaining, List<BurnRate> burnRates, Instant at) implements BudgetStatus {
        public Known {
            requireNonNull(slo, "slo");
            requireNonNull(at, "at");
            burnRates = List.copyOf(burnRates);
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
