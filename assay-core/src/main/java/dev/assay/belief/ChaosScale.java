package dev.assay.belief;

import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import java.util.List;

/**
 * The discrete chaos-level scale the belief model reasons on: {@link #LEVELS} levels per fault class,
 * log-spaced, index 0 the mildest. Public, stable contract (the simulator and journal code against it):
 * <ul>
 *   <li>{@code LATENCY}: added delay seen by callers, 25 ms … 10 s log-spaced (25, 43, 75, 130, 224, 388,
 *   672, 1163, 2012, 3482, 6025, 10000 ms). {@code latency} counts {@code delayMs + jitterMs};
 *   {@code slow-close} its {@code delayMs}; {@code bandwidth} the time to send a 64 KiB response at
 *   {@code rateKbps}; {@code slicer} the delay of a 16 KiB response cut into {@code averageSize} pieces;
 *   {@code slow-stream} the added time to the end of a 16-event answer, {@code firstEventDelayMs + 16 ×
 *   betweenEventsDelayMs} (with the first delay alone: the time to first token; see {@link StreamFaults}).</li>
 *   <li>{@code ERRORS}: share of the target's requests that fail, 1 % … 100 % log-spaced. It is the fault's
 *   {@link Scope#fraction()} ({@code error}, {@code abort}, {@code reset}, {@code rate-limit},
 *   {@code overloaded}, {@code malformed-body} fail every request in scope); {@code stream-cut} counts the scope
 *   times the share of a 16-event (2 KiB) answer the cut loses, so the earlier the cut, the higher the level.</li>
 *   <li>{@code UNAVAILABILITY}: share of the target's traffic that finds it absent, 1 % … 100 % log-spaced,
 *   from the scope of {@code unavailable}, {@code kill} and {@code pause}.</li>
 * </ul>
 * A magnitude maps to the highest level not above it; a magnitude below the first level counts as level 0
 * (conservative: it overstates impact); values within 2% of a level count as that level, so rounded
 * magnitudes read back to their level. {@link #chaosLevel(int)} is the 0–100 chaos level of PRODUCT.md:
 * {@code round(100 * (index + 1) / LEVELS)}. A tolerance of {@link #NEVER} (= {@code LEVELS}) means "never
 * degrades at any level of the scale".
 */
public final class ChaosScale {
    /** Number of levels per fault class. */
    public static final int LEVELS = 12;
    /** The tolerance index meaning "never degrades". */
    public static final int NEVER = LEVELS;

    private static final double[] LATENCY_MS = logSpaced(25, 10_000);
    private static final double[] SHARE = logSpaced(0.01, 1.0);

    private ChaosScale() {
    }

    /** The magnitude of level {@code index} in the class's unit: milliseconds for latency, a fraction otherwise. */
    public static double value(FaultClass faultClass, int index) {
        checkIndex(index);
        return faultClass == FaultClass.LATENCY ? LATENCY_MS[index] : SHARE[index];
    }

    /** The level index of a fault's peak magnitude (for a ramp, use {@link #levels(Fault)}). */
    public static int level(Fault fault) {
        return level(fault.type(), fault.peak(), fault.scope());
    }

    /** The level index of every step of a fault (one for a single magnitude, several for a ramp). */
    public static List<Integer> levels(Fault fault) {
        return fault.levels().stream().map(m -> level(fault.type(), m, fault.scope())).toList();
    }

    /** The level index of one magnitude of {@code type} applied to {@code scope}. */
    public static int level(FaultType type, Magnitude magnitude, Scope scope) {
        FaultClass c = type.faultClass();
        if (c == FaultClass.LATENCY) return indexOf(latencyMillis(type, magnitude), c);
        return indexOf(type == FaultType.STREAM_CUT ? scope.fraction() * StreamFaults.lostShare(magnitude) : scope.fraction(), c);
    }

    /** The level index of a raw value in the class's unit (milliseconds, or a fraction). */
    public static int indexOf(double value, FaultClass faultClass) {
        double[] scale = faultClass == FaultClass.LATENCY ? LATENCY_MS : SHARE;
        int idx = 0;
        for (int i = 0; i < LEVELS; i++) if (scale[i] <= value * 1.02) idx = i; // 2%: rounded labels read back to their level
        return idx;
    }

    /** The 0–100 chaos level of a level index. */
    public static int chaosLevel(int index) {
        checkIndex(index);
        return (int) Math.round(100.0 * (index + 1) / LEVELS);
    }

    /** The level index whose chaos level is the highest not above {@code chaosLevel} (0 for anything lower). */
    public static int indexOfChaosLevel(int chaosLevel) {
        int idx = 0;
        for (int i = 0; i < LEVELS; i++) if (chaosLevel(i) <= chaosLevel) idx = i;
        return idx;
    }

    /**
     * A fault of {@code faultClass} at level {@code index} on {@code target}: latency as {@code delayMs} over
     * {@code latencyScope}; errors and unavailability as the scope that makes the level's share.
     */
    public static Fault fault(FaultClass faultClass, String target, int index, Scope latencyScope) {
        double v = value(faultClass, index);
        return switch (faultClass) {
            case LATENCY -> new Fault(FaultType.LATENCY, target, List.of(Magnitude.of("delayMs", Math.round(v))), latencyScope);
            case ERRORS -> new Fault(FaultType.ERROR, target, List.of(Magnitude.NONE), Scope.percent(percent(v)));
            case UNAVAILABILITY -> new Fault(FaultType.UNAVAILABLE, target, List.of(Magnitude.NONE), Scope.percent(percent(v)));
        };
    }

    /** A human label of a level: {@code 388ms}, {@code 4.6% errors}. */
    public static String label(FaultClass faultClass, int index) {
        double v = value(faultClass, index);
        return switch (faultClass) {
            case LATENCY -> Math.round(v) + "ms";
            case ERRORS -> percent(v) + "% errors";
            case UNAVAILABILITY -> percent(v) + "% unavailable";
        };
    }

    static double latencyMillis(FaultType type, Magnitude m) {
        return switch (type) {
            case LATENCY -> m.valueOr(type, "delayMs") + m.valueOr(type, "jitterMs");
            case SLOW_CLOSE -> m.valueOr(type, "delayMs");
            case BANDWIDTH -> 64.0 * 8 * 1000 / Math.max(1e-3, m.valueOr(type, "rateKbps"));
            case SLICER -> m.valueOr(type, "delayUs") / 1000.0 * (16_384 / Math.max(1.0, m.valueOr(type, "averageSize")));
            case SLOW_STREAM -> StreamFaults.addedMillis(m);
            default -> throw new IllegalArgumentException(type.id() + " is not a latency fault");
        };
    }

    private static double percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0;
    }

    private static double[] logSpaced(double from, double to) {
        double[] v = new double[LEVELS];
        for (int i = 0; i < LEVELS; i++) v[i] = from * Math.pow(to / from, i / (double) (LEVELS - 1));
        return v;
    }

    private static void checkIndex(int index) {
        if (index < 0 || index >= LEVELS) throw new IllegalArgumentException("level index must be in [0, " + LEVELS + "), was " + index);
    }
}
