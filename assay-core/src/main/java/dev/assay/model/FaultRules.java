package dev.assay.model;

import java.util.Optional;

/**
 * The parameter combinations of a fault that a per-parameter range cannot express, with what to write
 * instead. Checked by the intent parser, so a file that passes {@code assay validate} is one the fault proxy
 * accepts.
 */
public final class FaultRules {
    private FaultRules() {
    }

    /** The problem with {@code level} for {@code type}, if any. */
    public static Optional<String> problem(FaultType type, Magnitude level) {
        return switch (type) {
            case RATE_LIMIT -> level.get("windowMs").isPresent() && level.get("quota").orElse(0) == 0
                    ? Optional.of("rate-limit windowMs needs quota (N calls allowed per windowMs); without a quota the"
                            + " fault answers the scope's share of calls, e.g. scope: {percent: 50}")
                    : whole(level, "quota", "status");
            case OVERLOADED -> whole(level, "status");
            case SLOW_STREAM -> level.valueOr(type, "firstEventDelayMs") <= 0 && level.valueOr(type, "betweenEventsDelayMs") <= 0
                    ? Optional.of("slow-stream needs firstEventDelayMs and/or betweenEventsDelayMs above 0, e.g. magnitude: {firstEventDelayMs: 2s}")
                    : Optional.empty();
            case STREAM_CUT -> level.get("afterEvents").isEmpty() && level.get("afterBytes").isEmpty()
                    ? Optional.of("stream-cut needs afterEvents and/or afterBytes (where to cut), e.g. magnitude: {afterEvents: 3}")
                    : whole(level, "afterEvents", "afterBytes", "finalEvent");
            case MALFORMED_BODY -> level.textOr(type, "mode").orElseThrow().equals("wrong-type") && level.text("field").isEmpty()
                    ? Optional.of("malformed-body with mode wrong-type needs field, the JSON field whose value gets the wrong type"
                            + " (e.g. field: choices)")
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<String> whole(Magnitude level, String... names) {
        for (String n : names) {
            double v = level.get(n).orElse(0);
            if (v != Math.rint(v)) return Optional.of(n + " must be a whole number, got " + v);
        }
        return Optional.empty();
    }
}
