package dev.assay.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What one request (or one call) experiences, as a small mixture of atoms: with probability {@code p} it
 * takes {@code delayMs} extra and fails or not. Immutable; at most {@link #MAX_ATOMS} atoms, kept by merging
 * the two closest atoms of the same outcome (probability-weighted delay), so composition stays cheap on
 * deep graphs while failure probability is preserved exactly.
 */
final class Mix {
    static final int MAX_ATOMS = 24;
    static final Mix BASELINE = new Mix(List.of(new Atom(1.0, 0.0, false)));

    record Atom(double p, double delayMs, boolean failed) {
    }

    private final List<Atom> atoms;

    private Mix(List<Atom> atoms) {
        this.atoms = atoms;
    }

    static Mix of(List<Atom> atoms) {
        return new Mix(normalise(atoms));
    }

    /** A fraction {@code f} of requests gets {@code delayMs} and {@code failed}; the rest is untouched. */
    static Mix affected(double f, double delayMs, boolean failed) {
        if (f >= 1) return of(List.of(new Atom(1, delayMs, failed)));
        return of(List.of(new Atom(1 - f, 0, false), new Atom(f, delayMs, failed)));
    }

    List<Atom> atoms() {
        return atoms;
    }

    boolean isBaseline() {
        return atoms.size() == 1 && atoms.get(0).delayMs() == 0 && !atoms.get(0).failed();
    }

    double failureRate() {
        double f = 0;
        for (Atom a : atoms) if (a.failed()) f += a.p();
        return f;
    }

    double meanDelayMs() {
        double m = 0;
        for (Atom a : atoms) m += a.p() * a.delayMs();
        return m;
    }

    /** The {@code q}-quantile of the added delay (e.g. 0.99 for p99), over failed and successful requests. */
    double quantileMs(double q) {
        Atom[] sorted = atoms.toArray(Atom[]::new);
        Arrays.sort(sorted, Comparator.comparingDouble(Atom::delayMs));
        double cumulative = 0;
        for (Atom a : sorted) {
            cumulative += a.p();
            if (cumulative >= q - 1e-12) return a.delayMs();
        }
        return sorted[sorted.length - 1].delayMs();
    }

    /** The share of requests slower than {@code ms} or failed: the "bad" requests an SLO counts. */
    double badFraction(double slowerThanMs) {
        double bad = 0;
        for (Atom a : atoms) if (a.failed() || a.delayMs() > slowerThanMs) bad += a.p();
        return bad;
    }

    /** This, then {@code next}: delays add, a request fails when either part fails. */
    Mix then(Mix next) {
        if (next.isBaseline()) return this;
        if (isBaseline()) return next;
        List<Atom> out = new ArrayList<>(atoms.size() * next.atoms.size());
        for (Atom a : atoms) {
            for (Atom b : next.atoms) out.add(new Atom(a.p() * b.p(), a.delayMs() + b.delayMs(), a.failed() || b.failed()));
        }
        return of(out);
    }

    /** With probability {@code share} this mix, otherwise the baseline (a call made by only part of the requests). */
    Mix sometimes(double share) {
        if (share >= 1) return this;
        List<Atom> out = new ArrayList<>();
        out.add(new Atom(1 - share, 0, false));
        for (Atom a : atoms) out.add(new Atom(a.p() * share, a.delayMs(), a.failed()));
        return of(out);
    }

    /** The caller gives up after {@code timeoutMs}: anything slower becomes a failure at exactly the timeout. */
    Mix timeout(double timeoutMs) {
        List<Atom> out = new ArrayList<>(atoms.size());
        for (Atom a : atoms) out.add(a.delayMs() > timeoutMs ? new Atom(a.p(), timeoutMs, true) : a);
        return of(out);
    }

    /** Every request fails at once: an open circuit breaker (latency cut, errors become fast errors). */
    Mix failFast() {
        return of(List.of(new Atom(1, 0, true)));
    }

    /** Failures are answered well by the caller (after having waited for them). */
    Mix absorbFailures() {
        List<Atom> out = new ArrayList<>(atoms.size());
        for (Atom a : atoms) out.add(a.failed() ? new Atom(a.p(), a.delayMs(), false) : a);
        return of(out);
    }

    /**
     * Up to {@code retries} further independent attempts after a failed one: the request succeeds on the first
     * successful attempt, having waited for every failed one before it, and fails only when all attempts fail.
     */
    Mix retry(int retries) {
        if (retries == 0 || failureRate() == 0) return this;
        List<Atom> done = new ArrayList<>();
        List<Atom> pending = List.of(new Atom(1, 0, false));
        for (int attempt = 0; attempt <= retries; attempt++) {
            List<Atom> stillFailing = new ArrayList<>();
            for (Atom waited : pending) {
                for (Atom a : atoms) {
                    Atom combined = new Atom(waited.p() * a.p(), waited.delayMs() + a.delayMs(), a.failed());
                    if (!a.failed() || attempt == retries) done.add(combined);
                    else stillFailing.add(combined);
                }
            }
            pending = normalise(stillFailing);
        }
        return of(done);
    }

    /** Expected attempts per call under {@code retries}: the load multiplier a retrying caller puts on its callee. */
    double expectedAttempts(int retries) {
        double f = failureRate();
        double sum = 0;
        double fi = 1;
        for (int i = 0; i <= retries; i++) {
            sum += fi;
            fi *= f;
        }
        return sum;
    }

    /** {@code n} calls in sequence. */
    Mix repeat(int n) {
        Mix out = BASELINE;
        for (int i = 0; i < n; i++) out = out.then(this);
        return out;
    }

    private static List<Atom> normalise(List<Atom> in) {
        List<Atom> sorted = new ArrayList<>(in.size());
        for (Atom a : in) if (a.p() > 1e-12) sorted.add(a);
        if (sorted.isEmpty()) return List.of();
        sorted.sort(Comparator.comparing(Atom::failed).thenComparingDouble(Atom::delayMs));
        List<Atom> merged = new ArrayList<>(sorted.size());
        for (Atom a : sorted) {
            Atom last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && last.failed() == a.failed() && Math.abs(last.delayMs() - a.delayMs()) < 1e-9) {
                merged.set(merged.size() - 1, new Atom(last.p() + a.p(), last.delayMs(), last.failed()));
            } else {
                merged.add(a);
            }
        }
        while (merged.size() > MAX_ATOMS) mergeClosest(merged);
        return List.copyOf(merged);
    }

    private static void mergeClosest(List<Atom> atoms) {
        int best = -1;
        double bestGap = Double.POSITIVE_INFINITY;
        for (int i = 0; i + 1 < atoms.size(); i++) {
            Atom a = atoms.get(i);
            Atom b = atoms.get(i + 1);
            if (a.failed() != b.failed()) continue;
            double gap = (b.delayMs() - a.delayMs()) * Math.min(a.p(), b.p());
            if (gap < bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        Atom a = atoms.get(best);
        Atom b = atoms.get(best + 1);
        double p = a.p() + b.p();
        atoms.set(best, new Atom(p, (a.p() * a.delayMs() + b.p() * b.delayMs()) / p, a.failed()));
        atoms.remove(best + 1);
    }

    @Override
    public String toString() {
        return atoms.toString();
    }
}
