package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import dev.assay.belief.EdgeMechanism;
import dev.assay.model.Edge;
import dev.assay.model.Topology;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The per-edge mechanism the simulated system really has ({@code from->to} to {@link EdgeMechanism}, the same
 * vocabulary as the belief's): what a topology file declares as {@code resilience}, and for every edge without a
 * declaration a draw from the distribution documented in {@code docs/simulator.md}. Each edge's draw depends only on
 * the seed and the edge's key, so adding an edge elsewhere never changes another edge's truth. Never shown to a
 * strategy or learner.
 */
public record GroundTruth(Map<String, EdgeMechanism> mechanisms, long seed) {
    /** Timeouts drawn for edges that have one (ms), uniformly. */
    static final long[] TIMEOUTS_MS = {250, 500, 1000, 2000, 5000};
    static final double P_TIMEOUT = 0.7;
    static final double P_FALLBACK = 0.25;
    static final double P_CIRCUIT_BREAKER = 0.3;
    /** P(retries = 0, 1, 2, 3). */
    static final double[] P_RETRIES = {0.5, 0.3, 0.15, 0.05};
    /** P(exponential backoff | retries > 0). */
    static final double P_BACKOFF = 0.5;

    public GroundTruth {
        mechanisms = Map.copyOf(mechanisms);
    }

    /** The declared resilience of {@code topology}'s edges, the rest drawn with {@code seed}. */
    public static GroundTruth of(Topology topology, long seed) {
        requireNonNull(topology, "topology");
        Map<String, EdgeMechanism> truth = new LinkedHashMap<>();
        for (Edge e : topology.edges()) truth.put(e.key(), e.resilience().map(EdgeMechanism::of).orElseGet(() -> sample(e.key(), seed)));
        return new GroundTruth(truth, seed);
    }

    /** The mechanism of edge {@code from->to}; {@link EdgeMechanism#NONE} for an edge this truth does not know. */
    public EdgeMechanism of(Edge edge) {
        return mechanisms.getOrDefault(edge.key(), EdgeMechanism.NONE);
    }

    static EdgeMechanism sample(String edgeKey, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ edgeKey.hashCode() * 0xC2B2AE3D27D4EB4FL);
        OptionalLong timeout = rnd.nextDouble() < P_TIMEOUT ? OptionalLong.of(TIMEOUTS_MS[rnd.nextInt(TIMEOUTS_MS.length)]) : OptionalLong.empty();
        double r = rnd.nextDouble();
        int retries = 0;
        for (double acc = P_RETRIES[0]; retries < P_RETRIES.length - 1 && r >= acc; acc += P_RETRIES[++retries]) {
            // walks the cumulative distribution
        }
        boolean fallback = rnd.nextDouble() < P_FALLBACK;
        boolean breaker = rnd.nextDouble() < P_CIRCUIT_BREAKER;
        boolean backoff = retries > 0 && rnd.nextDouble() < P_BACKOFF;
        return new EdgeMechanism(timeout, retries, backoff, breaker, fallback);
    }
}
