package dev.assay.sim;

import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import java.util.List;

/**
 * What a fault does to the requests that reach its target, as a {@link Mix}. Throughput faults become
 * latency (a 64 KiB response for bandwidth, 16 KiB for slicing); unavailability is refused connections (fast errors);
 * a paused process holds requests for the pause.
 */
final class FaultEffects {
    /** Response sizes, as the belief model's chaos scale assumes them. */
    static final double PAYLOAD_KB = 64;
    static final double SLICED_KB = 16;

    private FaultEffects() {
    }

    static Mix at(FaultType type, Magnitude level, double scope) {
        return switch (type) {
            case LATENCY -> {
                double delay = level.valueOr(type, "delayMs");
                double jitter = Math.min(delay, level.valueOr(type, "jitterMs"));
                if (jitter == 0) yield Mix.affected(scope, delay, false);
                yield Mix.of(List.of(new Mix.Atom(1 - scope, 0, false), new Mix.Atom(scope / 2, delay - jitter, false),
                        new Mix.Atom(scope / 2, delay + jitter, false)));
            }
            case SLOW_CLOSE -> Mix.affected(scope, level.valueOr(type, "delayMs"), false);
            case BANDWIDTH -> Mix.affected(scope, PAYLOAD_KB * 8 / Math.max(1e-3, level.valueOr(type, "rateKbps")) * 1000, false);
            case SLICER -> {
                double chunks = SLICED_KB * 1024 / Math.max(1, level.valueOr(type, "averageSize"));
                yield Mix.affected(scope, chunks * level.valueOr(type, "delayUs") / 1000, false);
            }
            case ERROR, ABORT, UNAVAILABLE, KILL, LOSS, PARTITION, POD_KILL, POD_FAILURE, CONTAINER_KILL, CPU_STRESS, MEMORY_STRESS ->
                    Mix.affected(scope, 0, true); // Kubernetes faults: the affected fraction of pods fails (a conservative model)
            case RESET -> Mix.affected(scope, level.valueOr(type, "timeoutMs"), true);
            case PAUSE -> Mix.affected(scope, level.valueOr(type, "durationMs"), false);
        };
    }
}
