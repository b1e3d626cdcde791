package dev.assay.belief;

import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;

/**
 * How the streaming faults read on the chaos scale, against a reference answer of {@link #EVENTS} events
 * ({@link #BYTES} bytes), as {@code slicer} reads against a 16 KiB response. {@code slow-stream} is latency:
 * the first delay plus one between-events delay per event. {@code stream-cut} is errors: the share of the
 * reference answer lost, the larger of the event and byte cut (0 for a cut after the whole answer).
 */
public final class StreamFaults {
    /** Events of the reference answer (an LLM answer streamed token group by token group). */
    public static final int EVENTS = 16;
    /** Bytes of the reference answer. */
    public static final int BYTES = 2048;

    private StreamFaults() {
    }

    /** Milliseconds {@code slow-stream} adds to the end of the reference answer. */
    public static double addedMillis(Magnitude m) {
        FaultType t = FaultType.SLOW_STREAM;
        return m.valueOr(t, "firstEventDelayMs") + EVENTS * m.valueOr(t, "betweenEventsDelayMs");
    }

    /** Share (0–1) of the reference answer that {@code stream-cut} loses. */
    public static double lostShare(Magnitude m) {
        double byEvents = m.get("afterEvents").stream().map(e -> 1 - Math.min(1, e / EVENTS)).max().orElse(0);
        double byBytes = m.get("afterBytes").stream().map(b -> 1 - Math.min(1, b / BYTES)).max().orElse(0);
        return Math.max(byEvents, byBytes);
    }
}
