package dev.assay.k8s;

import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import java.util.HashMap;
import java.util.Map;

/** A representative magnitude for every fault type (tests). */
final class Faults {
    private Faults() {
    }

    static Magnitude sample(FaultType type, boolean http) {
        return switch (type) {
            case LATENCY -> new Magnitude(http ? Map.of("delayMs", 200.0) : Map.of("delayMs", 200.0, "jitterMs", 20.0));
            case ERROR -> Magnitude.of("status", 503);
            case BANDWIDTH -> Magnitude.of("rateKbps", 128);
            case LOSS -> new Magnitude(Map.of("lossPercent", 30.0, "correlation", 25.0));
            case CPU_STRESS -> new Magnitude(Map.of("workers", 2.0, "load", 80.0));
            case MEMORY_STRESS -> new Magnitude(Map.of("sizeMb", 256.0, "workers", 1.0));
            default -> {
                Map<String, Double> m = new HashMap<>();
                type.parameters().stream().filter(FaultType.Parameter::required).forEach(p -> m.put(p.name(), 10.0));
                yield new Magnitude(m);
            }
        };
    }
}
