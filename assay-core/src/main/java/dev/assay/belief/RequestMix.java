package dev.assay.belief;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one request (or one call) experiences, as a small mixture of atoms: with probability {@code p} it takes
 * {@code delayMs} extra and fails or not. The one algebra of failure propagation, shared by the simulator's ground
 * truth and the mechanism belief ({@link EdgeMechanism#view}), so both speak the same vocabulary. Immutable; at most
 * {@link #MAX_ATOMS} atoms, kept by merging the two closest atoms of the same outcome (probability-weighted delay),
 * so the failure probability stays exact.
 */
public final class RequestMix {
    public static final int MAX_ATOMS = 24;
    /** Response sizes the chaos scale assumes for throughput faults. */
    static final double PAYLOAD_KB = 64;
    static final double SLICED_KB = 16;

    public static final RequestMix BASELINE = new RequestMix(new double[] {1}, new double[] {0}, new boolean[] {false});

    /** One outcome: probability, added delay (ms), failed. */
    public record Atom(double p, double delayMs, boolean failed) {
    }

    private final double[] p;
    private final double[] d;
    private final boolean[] f;

    private RequestMix(double[] p, double[] d, boolean[] f) {
        this.p = p;
        this.d = d;
        this.f = f;
    }

    public static RequestMix of(List<Atom> atoms) {
        int n = atoms.size();
        double[] p = new double[n];
        double[] d = new double[n];
        boolean[] f = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = atoms.get(i).p();
            d[i] = atoms.get(i).delayMs();
            f[i] = atoms.get(i).failed();
        }
        return normalise(p, d, f, n);
    }

    /** A fraction {@code share} of requests gets {@code delayMs} and {@code failed}; the rest is untouched. */
    public static RequestMix affected(double share, double delayMs, boolean failed) {
        if (share >= 1) return normalise(new double[] {1}, new double[] {delayMs}, new boolean[] {failed}, 1);
        return normalise(new double[] {1 - share, share}, new double[] {0, delayMs}, new boolean[] {false, failed}, 2);
    }

    /** What {@code fault} at {@code level} does to the requests reaching its target (its scope's share of them). */
    public static RequestMix ofFault(Fault fault, Magnitude level) {
        return ofFault(fault.type(), level, fault.scope().fraction());
    }

    /**
     * Throughput faults become latency (a 64 KiB response for bandwidth, 16 KiB for slicing); unavailability is
     * refused connections (fast errors); a reset fails after its timeout; a paused process holds requests.
     */
    public static RequestMix ofFault(FaultType type, Magnitude level, double scope) {
        return switch (type) {
            case LATENCY -> {
                double delay = level.valueOr(type, "delayMs");
                double jitter = Math.min(delay, level.valueOr(type, "jitterMs"));
                if (jitter == 0) yield affected(scope, delay, false);
                yield of(List.of(new Atom(1 - scope, 0, false), new Atom(scope / 2, delay - jitter, false),
                        new Atom(scope / 2, delay + jitter, false)));
            }
            case SLOW_CLOSE -> affected(scope, level.valueOr(type, "delayMs"), false);
            case BANDWIDTH -> affected(scope, PAYLOAD_KB * 8 / Math.max(1e-3, level.valueOr(type, "rateKbps")) * 1000, false);
            case SLICER -> {
                double chunks = SLICED_KB * 1024 / Math.max(1, level.valueOr(type, "averageSize"));
                yield affected(scope, chunks * level.valueOr(type, "delayUs") / 1000, false);
            }
            case SLOW_STREAM -> affected(scope, StreamFaults.addedMillis(level), false);
            case STREAM_CUT -> affected(scope * StreamFaults.lostShare(level), 0, true);
            case RATE_LIMIT, OVERLOADED, MALFORMED_BODY -> affected(scope, 0, true); // answered locally or unreadable: failed
            case ERROR, ABORT, UNAVAILABLE, KILL, LOSS, PARTITION, POD_KILL, POD_FAILURE, CONTAINER_KILL, CPU_STRESS, MEMORY_STRESS ->
                    affected(scope, 0, true); // Kubernetes faults: the affected fraction of pods fails (a conservative model)
            case RESET -> affected(scope, level.valueOr(type, "timeoutMs"), true);
            case PAUSE -> affected(scope, level.valueOr(type, "durationMs"), false);
        };
    }

    public List<Atom> atoms() {
        List<Atom> out = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) out.add(new Atom(p[i], d[i], f[i]));
        return out;
    }

    public int size() {
        return p.length;
    }

    public boolean isBaseline() {
        return p.length == 1 && d[0] == 0 && !f[0];
    }

    public double failureRate() {
        double s = 0;
        for (int i = 0; i < p.length; i++) if (f[i]) s += p[i];
        return Math.min(1, s);
    }

    public double meanDelayMs() {
        double m = 0;
        for (int i = 0; i < p.length; i++) m += p[i] * d[i];
        return m;
    }

    /** The {@code q}-quantile of the added delay (0.99 for p99), over failed and successful requests. */
    public double quantileMs(double q) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(d[a], d[b]));
        double cumulative = 0;
        for (int i : order) {
            cumulative += p[i];
            if (cumulative >= q - 1e-12) return d[i];
        }
        return d[order[order.length - 1]];
    }

    /** The share of requests slower than {@code ms} or failed: the "bad" requests an SLO counts. */
    public double badFraction(double slowerThanMs) {
        double bad = 0;
        for (int i = 0; i < p.length; i++) if (f[i] || d[i] > slowerThanMs) bad += p[i];
        return bad;
    }

    /** This, then {@code next}: delays add, a request fails when either part fails. */
    public RequestMix then(RequestMix next) {
        if (next.isBaseline()) return this;
        if (isBaseline()) return next;
        int n = p.length * next.p.length;
        double[] np = new double[n];
        double[] nd = new double[n];
        boolean[] nf = new boolean[n];
        int k = 0;
        for (int i = 0; i < p.length; i++) {
            for (int j = 0; j < next.p.length; j++, k++) {
                np[k] = p[i] * next.p[j];
                nd[k] = d[i] + next.d[j];
                nf[k] = f[i] || next.f[j];
            }
        }
        return normalise(np, nd, nf, n);
    }

    /** With probability {@code share} this mix, otherwise the baseline (a call made by only part of the requests). */
    public RequestMix sometimes(double share) {
        if (share >= 1) return this;
        int n = p.length + 1;
        double[] np = new double[n];
        double[] nd = new double[n];
        boolean[] nf = new boolean[n];
        np[0] = 1 - share;
        for (int i = 0; i < p.length; i++) {
            np[i + 1] = p[i] * share;
            nd[i + 1] = d[i];
            nf[i + 1] = f[i];
        }
        return normalise(np, nd, nf, n);
    }

    /** The caller gives up after {@code timeoutMs}: anything slower becomes a failure at exactly the timeout. */
    public RequestMix timeout(double timeoutMs) {
        boolean any = false;
        for (double x : d) any |= x > timeoutMs;
        if (!any) return this;
        double[] nd = d.clone();
        boolean[] nf = f.clone();
        for (int i = 0; i < p.length; i++) {
            if (d[i] > timeoutMs) {
                nd[i] = timeoutMs;
                nf[i] = true;
            }
        }
        return normalise(p.clone(), nd, nf, p.length);
    }

    /** Every request fails at once: an open circuit breaker (latency cut, errors become fast errors). */
    public RequestMix failFast() {
        return new RequestMix(new double[] {1}, new double[] {0}, new boolean[] {true});
    }

    /** Failures are answered well by the caller (after having waited for them). */
    public RequestMix absorbFailures() {
        boolean any = false;
        for (boolean x : f) any |= x;
        if (!any) return this;
        return normalise(p.clone(), d.clone(), new boolean[p.length], p.length);
    }

    /** {@link #retry(int, double)} without backoff. */
    public RequestMix retry(int retries) {
        return retry(retries, 0);
    }

    /**
     * Up to {@code retries} further independent attempts after a failed one, the i-th retry after waiting
     * {@code backoffMs × 2^(i-1)}: the request succeeds on the first successful attempt, having waited for every
     * failed one (and the backoffs) before it, and fails only when all attempts fail.
     */
    public RequestMix retry(int retries, double backoffMs) {
        if (retries == 0 || failureRate() == 0) return this;
        int cap = p.length * (retries + 1) * p.length + 4;
        double[] op = new double[cap];
        double[] od = new double[cap];
        boolean[] of = new boolean[cap];
        int done = 0;
        double[] wp = {1};
        double[] wd = {0};
        int pending = 1;
        for (int attempt = 0; attempt <= retries; attempt++) {
            double wait = attempt == 0 || backoffMs == 0 ? 0 : backoffMs * (1 << (attempt - 1));
            double[] sp = new double[pending * p.length];
            double[] sd = new double[pending * p.length];
            int still = 0;
            for (int w = 0; w < pending; w++) {
                for (int i = 0; i < p.length; i++) {
                    double prob = wp[w] * p[i];
                    if (prob <= 1e-12) continue;
                    double delay = wd[w] + wait + d[i];
                    if (!f[i] || attempt == retries) {
                        if (done == op.length) {
                            op = Arrays.copyOf(op, done * 2);
                            od = Arrays.copyOf(od, done * 2);
                            of = Arrays.copyOf(of, done * 2);
                        }
                        op[done] = prob;
                        od[done] = delay;
                        of[done++] = f[i];
                    } else {
                        sp[still] = prob;
                        sd[still++] = delay;
                    }
                }
            }
            RequestMix merged = normalise(sp, sd, new boolean[still], still);
            wp = merged.p;
            wd = merged.d;
            pending = merged.p.length;
            if (still == 0) break;
        }
        return normalise(op, od, of, done);
    }

    /** Expected attempts per call under {@code retries}: the load multiplier a retrying caller puts on its callee. */
    public double expectedAttempts(int retries) {
        double fr = failureRate();
        double sum = 0;
        double fi = 1;
        for (int i = 0; i <= retries; i++) {
            sum += fi;
            fi *= fr;
        }
        return sum;
    }

    /** {@code n} calls in sequence. */
    public RequestMix repeat(int n) {
        RequestMix out = BASELINE;
        for (int i = 0; i < n; i++) out = out.then(this);
        return out;
    }

    /** {@code callsPerRequest} calls: floor(k) in sequence, one more for the fraction k − floor(k) (at most {@code max}). */
    public RequestMix calls(double callsPerRequest, int max) {
        int whole = (int) Math.min(max, Math.floor(callsPerRequest));
        RequestMix out = repeat(whole);
        double extra = callsPerRequest - Math.floor(callsPerRequest);
        if (extra > 1e-9 && whole < max) out = out.then(sometimes(extra));
        return out;
    }

    private static RequestMix normalise(double[] p, double[] d, boolean[] f, int n) {
        Integer[] order = new Integer[n];
        int m = 0;
        for (int i = 0; i < n; i++) if (p[i] > 1e-12) order[m++] = i;
        if (m == 0) return new RequestMix(new double[0], new double[0], new boolean[0]);
        Integer[] live = Arrays.copyOf(order, m);
        Arrays.sort(live, (a, b) -> f[a] != f[b] ? (f[a] ? 1 : -1) : Double.compare(d[a], d[b]));
        double[] np = new double[m];
        double[] nd = new double[m];
        boolean[] nf = new boolean[m];
        int k = 0;
        for (int i : live) {
            if (k > 0 && nf[k - 1] == f[i] && Math.abs(nd[k - 1] - d[i]) < 1e-9) {
                np[k - 1] += p[i];
            } else {
                np[k] = p[i];
                nd[k] = d[i];
                nf[k++] = f[i];
            }
        }
        while (k > MAX_ATOMS) k = mergeClosest(np, nd, nf, k);
        return new RequestMix(Arrays.copyOf(np, k), Arrays.copyOf(nd, k), Arrays.copyOf(nf, k));
    }

    private static int mergeClosest(double[] p, double[] d, boolean[] f, int k) {
        int best = -1;
        double bestGap = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < k; i++) {
            if (f[i] != f[i + 1]) continue;
            double gap = (d[i + 1] - d[i]) * Math.min(p[i], p[i + 1]);
            if (gap < bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        double q = p[best] + p[best + 1];
        d[best] = (p[best] * d[best] + p[best + 1] * d[best + 1]) / q;
        p[best] = q;
        System.arraycopy(p, best + 2, p, best + 1, k - best - 2);
        System.arraycopy(d, best + 2, d, best + 1, k - best - 2);
        System.arraycopy(f, best + 2, f, best + 1, k - best - 2);
        return k - 1;
    }

    /** Mixes are values: equal when their atoms are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RequestMix x && Arrays.equals(p, x.p) && Arrays.equals(d, x.d) && Arrays.equals(f, x.f);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(p) + Arrays.hashCode(d)) + Arrays.hashCode(f);
    }

    @Override
    public String toString() {
        return atoms().toString();
    }
}
