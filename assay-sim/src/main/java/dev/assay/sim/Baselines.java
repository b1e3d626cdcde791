package dev.assay.sim;

/** Unfaulted p99 latency of a service or journey: 20–80 ms, fixed per name so readings are comparable. */
final class Baselines {
    private Baselines() {
    }

    static double p99Ms(String name) {
        return 20 + Math.floorMod(name.hashCode() * 0x9E3779B1, 61);
    }
}
