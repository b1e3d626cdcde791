package dev.assay.belief;

import dev.assay.model.Fault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The update and the cone information of {@link MechanismBelief}. Callees first over the fault's caller cone: a
 * service's callees' mixes come from the mechanisms as updated so far (most probable), so each edge's input is what
 * the belief now thinks its callee presented; its likelihood is that of the caller's measured error rate and p99 for
 * each of its grid mechanisms. Measurement model: the error rate is binomial around the baseline's rate compounded with
 * the predicted one (1 − (1 − base)(1 − predicted))
 * (variance of both windows, plus a model-mismatch floor of 0.2 points + 3%); log p99 is around log(baseline p99 +
 * predicted added p99) with σ = 0.09 (two 5% log-normal readings, plus mismatch; × sqrt(100 / n) for a window of
 * n < 100 requests, whose p99 is near its maximum), and so is log p50 when the
 * source measured it (a second reading of the same shift, from half the window's requests, not its slowest 1%). The
 * latency readings enter as Student-t (ν = 4), so one reading the model cannot explain moves a posterior a bounded amount
 * instead of zeroing the truth; the error rate as Student-t with ν = {@link #NU_ERRORS} (30: close to normal), since a
 * count of failed requests is binomial whatever the machine's load, and its mismatch floor already covers the model's
 * error: with ν = 4 a guard-aborted window of 73 requests at 41% errors (40% predicted for no retries, 16% for one)
 * named "no retries" on cart → cart-db, against its declared retry, with P = 0.63 only (live demo, {@code LiveErrorCountTest}). The latency σs
 * are at least the outcome's own {@link Noise} (what the services out of the fault's reach show), and on a noisy
 * outcome a latency reading far off every prediction is an outlier that picks none.
 */
final class MechanismUpdate {
    static final double NU = 4;
    /** Degrees of freedom of the error-rate reading's Student-t (latency readings: {@link #NU}). */
    static final double NU_ERRORS = 30;
    static final double P99_SIGMA = 0.09;
    /** Requests from which a window's p99 is read with {@link #P99_SIGMA}; fewer widen it as 1/sqrt(n). */
    static final double P99_FULL_REQUESTS = 100;
    /** A posterior never drops below this share of its prior (robustness to model mismatch). */
    static final double FLOOR = 1e-6;

    private MechanismUpdate() {
    }

    static MechanismLearning apply(MechanismBelief b, MeasuredOutcome outcome) {
        SystemGraph g = b.g;
        int target = b.edge0(outcome.fault().target());
        RequestMix ingress = RequestMix.ofFault(outcome.fault(), outcome.fault().peak());
        int[] cone = b.forward.cone(target, null);
        Noise noise = Noise.of(b, outcome, cone);
        int[] assign = b.map();
        RequestMix[] mixes = new RequestMix[g.serviceCount()];
        double bits = 0;
        int updated = 0;
        for (int u : cone) {
            RequestMix own = u == target ? ingress : RequestMix.BASELINE;
            List<Integer> affected = affectedCalls(b, u, mixes);
            MeasuredSli seen = outcome.services().get(g.serviceName(u));
            if (seen != null) {
                for (int e : affected) {
                    List<Context> contexts = contexts(b, e, own, affected, mixes);
                    MechanismViews.Views views = b.forward.views(e, mixes[g.edgeTo(e)]);
                    double[] distinctLog = new double[views.distinct().length];
                    for (int d = 0; d < distinctLog.length; d++) distinctLog[d] = marginalLog(seen, contexts, views.distinct()[d], noise);
                    double[] logLik = new double[MechanismBelief.M];
                    double maxLog = Double.NEGATIVE_INFINITY;
                    for (int m = 0; m < MechanismBelief.M; m++) {
                        if (b.post[e][m] <= 0) continue;
                        logLik[m] = distinctLog[views.distinctOf()[m]];
                        maxLog = Math.max(maxLog, logLik[m]);
                    }
                    double[] before = b.post[e];
                    double[] next = new double[MechanismBelief.M];
                    double sum = 0;
                    for (int m = 0; m < MechanismBelief.M; m++) {
                        next[m] = before[m] * Math.exp(logLik[m] - maxLog);
                        sum += next[m];
                    }
                    for (int m = 0; m < MechanismBelief.M; m++) next[m] = Math.max(next[m] / sum, FLOOR * b.prior[e][m]);
                    next = MechanismInformation.normalised(next);
                    bits += Belief.klBits(next, before, 0, next.length);
                    b.set(e, next);
                    b.saw(e, mixes[g.edgeTo(e)]);
                    assign[e] = b.mostProbable(e);
                    updated++;
                }
            }
            RequestMix m = own;
            for (int e : affected) m = m.then(b.forward.view(e, assign[e], mixes[g.edgeTo(e)]));
            mixes[u] = m;
        }
        return new MechanismLearning(updated, bits);
    }

    /** Most joint views of a caller's other affected calls an edge's likelihood is averaged over. */
    static final int MAX_CONTEXTS = 32;
    /** A view of the other calls that holds less than this share of their posterior mass is left out. */
    static final double CONTEXT_MASS = 0.99;

    /** What the caller's other affected calls (and its own ingress) may add, with its posterior weight. */
    record Context(double weight, RequestMix rest) {
    }

    /**
     * The caller's other affected calls, as joint views weighted by their current posteriors: where a fault reaches a
     * caller over several calls at once (frontend → productcatalog, and frontend → recommendation → productcatalog), its
     * measurement says something about their combination, and fixing the others at their most probable mechanism (as
     * before) made the update explain the measurement with whatever the others' guess left over, often a confident
     * compensating wrong combination. Averaging the likelihood over the others (ADF: each edge's marginal likelihood)
     * keeps every combination that explains the reading, so a confounded edge stays unsettled until a fault that
     * separates the calls is run. Per other call its distinct views by posterior mass, the fewest covering
     * {@link #CONTEXT_MASS}, at most {@link #MAX_CONTEXTS} combinations in all. One affected call: its ingress only (exact).
     */
    static List<Context> contexts(MechanismBelief b, int e, RequestMix own, List<Integer> affected, RequestMix[] mixes) {
        SystemGraph g = b.g;
        List<Context> out = new ArrayList<>();
        out.add(new Context(1, own));
        int others = affected.size() - 1;
        if (others == 0) return out;
        int cap = Math.max(1, (int) Math.floor(Math.pow(MAX_CONTEXTS, 1.0 / others) + 1e-9));
        for (int o : affected) {
            if (o == e) continue;
            MechanismViews.Views views = b.forward.views(o, mixes[g.edgeTo(o)]);
            double[] mass = new double[views.distinct().length];
            for (int m = 0; m < MechanismBelief.M; m++) mass[views.distinctOf()[m]] += b.post[o][m];
            Integer[] order = new Integer[mass.length];
            for (int d = 0; d < order.length; d++) order[d] = d;
            Arrays.sort(order, (x, y) -> Double.compare(mass[y], mass[x]));
            List<Context> next = new ArrayList<>();
            double kept = 0;
            for (int k = 0; k < order.length && k < cap && kept < CONTEXT_MASS; k++) {
                int d = order[k];
                kept += mass[d];
                for (Context c : out) next.add(new Context(c.weight() * mass[d], c.rest().then(views.distinct()[d])));
            }
            out = next;
        }
        double total = out.stream().mapToDouble(Context::weight).sum();
        List<Context> normalised = new ArrayList<>(out.size());
        for (Context c : out) normalised.add(new Context(c.weight() / total, c.rest()));
        return normalised;
    }

    /** log Σ_c w_c L(seen | rest_c then view): the likelihood of one view of the edge, averaged over the other calls. */
    static double marginalLog(MeasuredSli seen, List<Context> contexts, RequestMix view, Noise noise) {
        if (contexts.size() == 1) return logLikelihood(seen, contexts.get(0).rest().then(view), noise);
        double[] logs = new double[contexts.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logs.length; c++) {
            logs[c] = Math.log(contexts.get(c).weight()) + logLikelihood(seen, contexts.get(c).rest().then(view), noise);
            max = Math.max(max, logs[c]);
        }
        double sum = 0;
        for (double l : logs) sum += Math.exp(l - max);
        return max + Math.log(sum);
    }

    /** {@link #logLikelihood(MeasuredSli, RequestMix, Noise)} on a quiet machine (the latency σs of the model alone). */
    static double logLikelihood(MeasuredSli seen, RequestMix predicted) {
        return logLikelihood(seen, predicted, Noise.QUIET);
    }

    /** Student-t log-likelihood (up to a constant) of the measurement given the service's predicted mix. */
    static double logLikelihood(MeasuredSli seen, RequestMix predicted, Noise noise) {
        double base = seen.baselineErrorRate();
        double q = 1 - (1 - base) * (1 - predicted.failureRate()); // the baseline's errors and the fault's compound
        double n = Math.max(1, seen.requests());
        double nb = Math.max(1, seen.baselineRequests());
        double mismatch = 0.002 + 0.03 * q;
        double var = q * (1 - q) / n + base * (1 - base) / nb + mismatch * mismatch;
        double z = (seen.errorRate() - q) / Math.sqrt(var);
        // a p99 read from fewer than 100 requests is an order statistic near the window's maximum: its noise grows as 1/sqrt(n)
        double sigma99 = Math.max(noise.p99(), P99_SIGMA * Math.sqrt(Math.max(1, P99_FULL_REQUESTS / Math.max(1, Math.min(n, nb)))));
        double r = (Math.log(Math.max(1, seen.p99Ms())) - Math.log(Math.max(1, seen.baselineP99Ms() + predicted.quantileMs(0.99)))) / sigma99;
        double log = t(z, NU_ERRORS) + latency(r, noise.outlierShare());
        if (seen.p50Ms().isPresent()) {
            double r50 = (Math.log(Math.max(1, seen.p50Ms().getAsDouble()))
                    - Math.log(Math.max(1, seen.baselineP50Ms().getAsDouble() + predicted.quantileMs(0.5)))) / Math.max(P99_SIGMA, noise.p50());
            log += latency(r50, noise.outlierShare());
        }
        return log;
    }

    /**
     * A latency reading's log-likelihood: Student-t, mixed with a share {@code outliers} of readings the model does not
     * explain at all (a load spike in the window), so a reading far off every mechanism's prediction picks none of them.
     * With the t alone its log-likelihood still fell as 5 ln |r|: a live run's checkout p99 of 239 ms against a 54 ms
     * baseline, under a fault that changes no latency, favoured "1 retry with backoff" (+50 ms) over the planted "no
     * retries" by 2.6 nats, as much as the error rate told the other way.
     */
    static double latency(double r, double outliers) {
        return outliers <= 0 ? t(r) : Math.log(Math.exp(t(r)) + outliers);
    }

    /** The share of latency readings taken as outliers on a noisy machine (the floor of a reading's likelihood, relative to a perfect fit). */
    static final double LATENCY_OUTLIER_SHARE = 0.05;

    /**
     * How much an outcome's latency readings move by themselves: the robust spread (1.4826 × median absolute log ratio,
     * fault window over baseline) of the p99s and p50s of the measured services the fault cannot reach (outside its
     * caller cone), each as log((x + {@link #NOISE_OFFSET_MS}) / (baseline + offset)) so a 2 ms service's 1 ms jitter is
     * not 40%; 0 with fewer than {@link #NOISE_MIN_SERVICES} of them. On a loaded machine a window's p99 swings by tens
     * of percent between windows whatever the fault (live demo at load 12: 20 → 55 ms, 282 → 160 ms on untouched
     * services), which σ = 0.09 read as evidence: a +108 ms p99 excursion on checkout favoured "1 retry with backoff" over
     * the planted "no retries" 7:1. The update's latency σs are at least this spread.
     */
    record Noise(double p99, double p50) {
        static final Noise QUIET = new Noise(0, 0);

        /**
         * The share of latency readings taken as outliers: {@link #LATENCY_OUTLIER_SHARE} when the outcome shows a machine
         * noisier than the model's own σ (a live run under load), none otherwise (a quiet machine, the simulator), where a
         * latency reading keeps its full weight.
         */
        double outlierShare() {
            return Math.max(p99, p50) > P99_SIGMA ? LATENCY_OUTLIER_SHARE : 0;
        }

        static Noise of(MechanismBelief b, MeasuredOutcome outcome, int[] cone) {
            java.util.Set<Integer> reached = new java.util.HashSet<>();
            for (int u : cone) reached.add(u);
            List<Double> d99 = new ArrayList<>();
            List<Double> d50 = new ArrayList<>();
            outcome.services().forEach((name, m) -> {
                java.util.OptionalInt u = b.g.service(name);
                if (u.isEmpty() || reached.contains(u.getAsInt())) return;
                d99.add(Math.abs(Math.log((m.p99Ms() + NOISE_OFFSET_MS) / (m.baselineP99Ms() + NOISE_OFFSET_MS))));
                if (m.p50Ms().isPresent()) {
                    d50.add(Math.abs(Math.log((m.p50Ms().getAsDouble() + NOISE_OFFSET_MS) / (m.baselineP50Ms().getAsDouble() + NOISE_OFFSET_MS))));
                }
            });
            return new Noise(spread(d99), spread(d50));
        }

        private static double spread(List<Double> absLogRatios) {
            if (absLogRatios.size() < NOISE_MIN_SERVICES) return 0;
            double[] x = absLogRatios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
            return 1.4826 * median;
        }
    }

    static final double NOISE_OFFSET_MS = 20;
    static final int NOISE_MIN_SERVICES = 3;

    private static double t(double z) {
        return t(z, NU);
    }

    private static double t(double z, double nu) {
        return -(nu + 1) / 2 * Math.log1p(z * z / nu);
    }

    static double coneBits(MechanismBelief b, Fault fault, dev.assay.model.Scope latencyScope, int maxEdges) {
        SystemGraph g = b.g;
        int target = b.edge0(fault.target());
        RequestMix ingress = RequestMix.ofFault(fault, fault.peak());
        int[] cone = b.forward.cone(target, null);
        int[] assign = b.map();
        RequestMix[] mixes = new RequestMix[g.serviceCount()];
        double bits = 0;
        int counted = 0;
        for (int u : cone) {
            RequestMix own = u == target ? ingress : RequestMix.BASELINE;
            List<Integer> affected = affectedCalls(b, u, mixes);
            for (int e : affected) {
                if (counted >= maxEdges) break;
                int[] classOf = b.classes.identifiable(e, latencyScope);
                if (b.classes.settledCached(b.post[e], classOf)) continue;
                RequestMix rest = own;
                for (int o : affected) if (o != e) rest = rest.then(b.forward.view(o, assign[o], mixes[g.edgeTo(o)]));
                MechanismViews.Views views = b.forward.views(e, mixes[g.edgeTo(e)]);
                RequestMix[] outcomes = new RequestMix[views.distinct().length];
                for (int d = 0; d < outcomes.length; d++) outcomes[d] = rest.then(views.distinct()[d]);
                int[] ofDistinct = MechanismClasses.noiseWide(outcomes);
                if (Arrays.stream(ofDistinct).allMatch(x -> x == 0)) {
                    counted++; // every mechanism gives the same noise-wide outcome: 0 bits, exactly
                    continue;
                }
                int[] outcome = new int[MechanismBelief.M];
                for (int m = 0; m < MechanismBelief.M; m++) outcome[m] = ofDistinct[views.distinctOf()[m]];
                bits += b.classes.mutualBits(b.post[e], outcome, classOf);
                counted++;
            }
            RequestMix m = own;
            for (int e : affected) m = m.then(b.forward.view(e, assign[e], mixes[g.edgeTo(e)]));
            mixes[u] = m;
        }
        return bits;
    }

    /** The calls of {@code u} that carry a changed state from their callee (the ones this fault can teach about). */
    private static List<Integer> affectedCalls(MechanismBelief b, int u, RequestMix[] mixes) {
        SystemGraph g = b.g;
        List<Integer> affected = new ArrayList<>();
        for (int i = g.outStart(u), end = g.outStart(u + 1); i < end; i++) {
            int e = g.outEdges(i);
            RequestMix callee = mixes[g.edgeTo(e)];
            if (b.forward.carries(e) && callee != null && !callee.isBaseline()) affected.add(e);
        }
        return affected;
    }
}
