package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Edge;
import dev.assay.model.Resilience;
import dev.assay.model.Topology;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The per-edge resilience the simulated system really has ({@code from->to} to {@link Resilience}): what a
 * topology file declares, and for every edge without a declaration a draw from the distribution documented
 * in {@code docs/simulator.md}. Each edge's draw depends only on the seed and the edge's key, so adding an
 * edge elsewhere never changes another edge's truth.
 */
public record GroundTruth(Map<String, Resilience> resilience, long seed) {
    /** Timeouts drawn for edges that have one (ms), uniformly. */
    static final long[] TIMEOUTS_MS = {250, 500, 1000, 2000, 5000};
    static final double P_TIMEOUT = 0.7;
    static final double P_FALLBACK = 0.25;
    static final double P_CIRCUIT_BREAKER = 0.3;
    /** P(retries = 0, 1, 2). */
    static final double[] P_RETRIES = {0.5, 0.3, 0.2};

    public GroundTruth {
        resilience = Map.copyOf(resilience);
    }

    /** The declared resilience of {@code topology}'s edges, the rest drawn with {@code seed}. */
    public static GroundTruth of(Topology topology, long seed) {
        requireNonNull(topology, "topology");
        Map<String, Resilience> truth = new LinkedHashMap<>();
        for (Edge e : topology.edges()) truth.put(e.key(), e.resilience().orElseGet(() -> sample(e.key(), seed)));
        return new GroundTruth(truth, seed);
    }

    /** The resilience of edge {@code from->to}; {@link Resilience#NONE} for an edge this truth does not know. */
    public Resilience of(Edge edge) {
        return resilience.getOrDefault(edge.key(), Resilience.NONE);
    }

    static Resilience sample(String edgeKey, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ edgeKey.hashCode() * 0xC2B2AE3D27D4EB4FL);
        Optional<Duration> timeout = rnd.nextDouble() < P_TIMEOUT
                ? Optional.of(Duration.ofMillis(TIMEOUTS_MS[rnd.nextInt(TIMEOUTS_MS.length)]))
                : Optional.empty();
        double r = rnd.nextDouble();
        int retries = r < P_RETRIES[0] ? 0 : r < P_RETRIES[0] + P_RETRIES[1] ? 1 : 2;
        boolean fallback = rnd.nextDouble() < P_FALLBACK;
        boolean breaker = rnd.nextDouble() < P_CIRCUIT_BREAKER;
        return new Resilience(timeout, retries, fallback, breaker);
    }
}
