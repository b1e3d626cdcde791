package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import dev.assay.model.FaultClass;
import java.util.OptionalInt;

/**
 * A journey's chaos levels against one fault class (0–100, {@link ChaosScale#chaosLevel}), taking the worst
 * service it uses as the target: {@code noEffect} the highest level at which P(journey degrades) stays below
 * 5%, {@code significant} the lowest at which it reaches 50%, {@code disabling} the lowest at which it
 * reaches 95% (the SLO almost surely breaks). Empty when no level of the scale qualifies. Together: how
 * much more the journey can absorb, its resilience budget.
 */
public record ResilienceBudget(String journey, FaultClass faultClass, OptionalInt noEffect, OptionalInt significant, OptionalInt disabling) {
    public ResilienceBudget {
        requireNonNull(journey, "journey");
        requireNonNull(faultClass, "faultClass");
        requireNonNull(noEffect, "noEffect");
        requireNonNull(significant, "significant");
        requireNonNull(disabling, "disabling");
    }
}
