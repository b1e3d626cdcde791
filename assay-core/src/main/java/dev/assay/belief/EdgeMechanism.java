package dev.assay.belief;

import dev.assay.model.Resilience;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How a caller calls a callee on one edge: a per-attempt timeout (or none), retries with or without exponential
 * backoff, a circuit breaker, a fallback that absorbs failures. The vocabulary of both the simulator's ground truth
 * and the {@link MechanismBelief}. Composition (resilience4j's: retry around breaker around time limiter, fallback
 * outermost), applied by {@link #view}: an attempt slower than the timeout fails at the timeout; a breaker whose
 * attempts fail at least {@link #BREAKER_FAILURE_THRESHOLD} of the time is open and fails every call at once; a
 * failed attempt is retried (the i-th retry after {@link #BACKOFF_BASE_MS} × 2^(i−1) with backoff); a fallback
 * answers a call that still fails (the wait is not undone). Whether the edge is async is the topology's, not part
 * of the mechanism.
 */
public record EdgeMechanism(OptionalLong timeoutMs, int retries, boolean backoff, boolean breaker, boolean fallback) {
    public static final double BREAKER_FAILURE_THRESHOLD = 0.5;
    public static final double BACKOFF_BASE_MS = 50;
    public static final EdgeMechanism NONE = new EdgeMechanism(OptionalLong.empty(), 0, false, false, false);
    /** Per-attempt timeouts of the grid, ms; index 0 of {@link #GRID_TIMEOUTS} is "none". */
    static final long[] TIMEOUTS = {100, 250, 300, 500, 1000, 2000, 5000};
    public static final int MAX_RETRIES = 3;
    /** Every mechanism the belief reasons over: 8 timeouts × 7 retry policies × breaker × fallback = 224. */
    public static final List<EdgeMechanism> GRID = grid();

    public EdgeMechanism {
        java.util.Objects.requireNonNull(timeoutMs, "timeoutMs");
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0, was " + retries);
        if (retries == 0 && backoff) throw new IllegalArgumentException("backoff needs retries");
        timeoutMs.ifPresent(t -> {
            if (t <= 0) throw new IllegalArgumentException("timeout must be positive, was " + t);
        });
    }

    /** A declared {@link Resilience} in this vocabulary (without backoff: Resilience does not say). */
    public static EdgeMechanism of(Resilience r) {
        return new EdgeMechanism(r.timeout().map(t -> OptionalLong.of(t.toMillis())).orElse(OptionalLong.empty()), r.retries(), false,
                r.circuitBreaker(), r.fallback());
    }

    /** What the caller sees of one call when the callee answers as {@code callee}. */
    public RequestMix view(RequestMix callee) {
        RequestMix attempt = timeoutMs.isPresent() ? callee.timeout(timeoutMs.getAsLong()) : callee;
        if (breaker && attempt.failureRate() >= BREAKER_FAILURE_THRESHOLD) attempt = attempt.failFast();
        RequestMix call = attempt.retry(retries, backoff ? BACKOFF_BASE_MS : 0);
        return fallback ? call.absorbFailures() : call;
    }

    /** The grid index of this mechanism, or −1 when it is off the grid (a timeout or retry count the grid lacks). */
    public int gridIndex() {
        return GRID.indexOf(this);
    }

    /**
     * The grid mechanism closest to this one: the same breaker and fallback, retries capped at {@link #MAX_RETRIES}
     * (backoff kept), the grid timeout nearest on a log scale (400 ms → 500 ms, 150 ms → 100 ms). What the belief can
     * at best infer for an off-grid mechanism.
     */
    public EdgeMechanism nearestOnGrid() {
        OptionalLong t = timeoutMs;
        if (t.isPresent()) {
            long best = TIMEOUTS[0];
            for (long x : TIMEOUTS) if (Math.abs(Math.log((double) x / t.getAsLong())) < Math.abs(Math.log((double) best / t.getAsLong()))) best = x;
            t = OptionalLong.of(best);
        }
        int r = Math.min(MAX_RETRIES, retries);
        return new EdgeMechanism(t, r, r > 0 && backoff, breaker, fallback);
    }

    /** "2 retries without backoff, timeout 300 ms, circuit breaker, no fallback". */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(retries == 0 ? "no retries" : retries + (retries == 1 ? " retry" : " retries") + (backoff ? " with backoff" : " without backoff"));
        b.append(timeoutMs.isPresent() ? String.format(Locale.ROOT, ", timeout %d ms", timeoutMs.getAsLong()) : ", no timeout");
        b.append(breaker ? ", circuit breaker" : ", no breaker");
        b.append(fallback ? ", fallback absorbs failures" : ", no fallback");
        return b.toString();
    }

    private static List<EdgeMechanism> grid() {
        List<EdgeMechanism> out = new ArrayList<>();
        for (int t = -1; t < TIMEOUTS.length; t++) {
            OptionalLong timeout = t < 0 ? OptionalLong.empty() : OptionalLong.of(TIMEOUTS[t]);
            for (int r = 0; r <= MAX_RETRIES; r++) {
                for (boolean bo : r == 0 ? new boolean[] {false} : new boolean[] {false, true}) {
                    for (boolean br : new boolean[] {false, true}) {
                        for (boolean fb : new boolean[] {false, true}) out.add(new EdgeMechanism(timeout, r, bo, br, fb));
                    }
                }
            }
        }
        return List.copyOf(out);
    }
}
