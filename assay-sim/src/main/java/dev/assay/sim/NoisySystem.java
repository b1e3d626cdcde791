package dev.assay.sim;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.spi.Lease;
import dev.assay.spi.Reading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated system's state in simulated time: a history of fault intervals (applied at, removed at or
 * lease expiry), from which readings over a window are time-weighted, then made noisy: an error rate is a
 * binomial draw over the requests of the window, a p99 carries 5% log-normal noise.
 */
final class NoisySystem implements SimulatedSystem {
    static final double REQUESTS_PER_SECOND = 50;
    static final double BASE_ERROR_RATE = 0.001;
    static final double P99_NOISE_SIGMA = 0.05;
    /** Readings look back at most this far; older fault intervals are forgotten. */
    static final Duration HISTORY = Duration.ofDays(1);

    private final Simulator simulator;
    private final SimulatedClock clock;
    private final SplittableRandom noise;
    private final List<Interval> history = new ArrayList<>();
    private final Map<Set<String>, Impact> impacts = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Set<String>, Impact> eldest) {
            return size() > 8;
        }
    };
    private final Set<String> serviceNames = new java.util.HashSet<>();
    private final Set<String> journeyNames = new java.util.HashSet<>();
    private int nextId = 1;

    private static final class Interval {
        final AppliedFault fault;
        final Instant from;
        Instant removedAt;

        Interval(AppliedFault fault, Instant from) {
            this.fault = fault;
            this.from = from;
        }

        Instant until() {
            Instant expiry = fault.lease().expiresAt();
            return removedAt == null || expiry.isBefore(removedAt) ? expiry : removedAt;
        }

        boolean activeAt(Instant t) {
            return !t.isBefore(from) && t.isBefore(until());
        }
    }

    NoisySystem(Simulator simulator, SimulatedClock clock, long noiseSeed) {
        this.simulator = requireNonNull(simulator, "simulator");
        this.clock = requireNonNull(clock, "clock");
        this.noise = new SplittableRandom(noiseSeed);
        simulator.topology().services().forEach(sv -> serviceNames.add(sv.name()));
        simulator.topology().journeys().forEach(j -> journeyNames.add(j.name()));
    }

    @Override
    public Simulator simulator() {
        return simulator;
    }

    @Override
    public SimulatedClock clock() {
        return clock;
    }

    @Override
    public Set<FaultType> supports() {
        return EnumSet.allOf(FaultType.class);
    }

    @Override
    public AppliedFault apply(Fault fault, Magnitude level, Lease lease) {
        requireNonNull(fault, "fault");
        requireNonNull(level, "level");
        requireNonNull(lease, "lease");
        if (!serviceNames.contains(fault.target())) {
            throw new dev.assay.model.InvalidInputException("fault target '" + fault.target()
                    + "' is not a service of topology '" + simulator.topology().name() + "'; pick one of its services");
        }
        AppliedFault applied = new AppliedFault("sim-" + nextId++, fault, level, lease);
        Instant horizon = clock.instant().minus(HISTORY);
        history.removeIf(i -> i.until().isBefore(horizon));
        history.add(new Interval(applied, clock.instant()));
        return applied;
    }

    @Override
    public void remove(AppliedFault fault) {
        Instant now = clock.instant();
        for (Interval i : history) {
            if (i.fault.id().equals(fault.id()) && i.removedAt == null) i.removedAt = now;
        }
    }

    @Override
    public List<AppliedFault> active() {
        return activeAt(clock.instant());
    }

    private List<AppliedFault> activeAt(Instant t) {
        List<AppliedFault> out = new ArrayList<>();
        for (Interval i : history) if (i.activeAt(t)) out.add(i.fault);
        return out;
    }

    @Override
    public Impact current() {
        return impactOf(active());
    }

    private Impact impactOf(List<AppliedFault> active) {
        Set<String> key = new java.util.TreeSet<>();
        for (AppliedFault f : active) key.add(f.id());
        return impacts.computeIfAbsent(key, k -> simulator.impact(active));
    }

    @Override
    public Reading read(String sli, Duration window) {
        Optional<SliName> name = SliName.resolve(sli, serviceNames, journeyNames);
        if (name.isEmpty()) return new Reading.Unknown(sli, "the simulated system has no SLI '" + sli + "'");
        if (window.isNegative() || window.isZero()) return new Reading.Unknown(sli, "window must be positive, was " + window);
        Instant end = clock.instant();
        Instant start = end.minus(window);
        // Split the window where the set of faults in effect changes; weigh each part by its duration.
        List<Instant> cuts = new ArrayList<>(List.of(start, end));
        for (Interval i : history) {
            for (Instant t : List.of(i.from, i.until())) if (t.isAfter(start) && t.isBefore(end)) cuts.add(t);
        }
        cuts.sort(null);
        double total = window.toNanos();
        double errors = 0, p99 = 0, load = 0;
        for (int k = 0; k + 1 < cuts.size(); k++) {
            double w = Duration.between(cuts.get(k), cuts.get(k + 1)).toNanos() / total;
            if (w <= 0) continue;
            Impact impact = impactOf(activeAt(cuts.get(k)));
            Effect e = name.get().journey() ? impact.journey(name.get().name()) : impact.service(name.get().name());
            errors += w * e.errorRate();
            p99 += w * e.addedP99Ms();
            load += w * e.load();
        }
        long samples = Math.max(1, Math.round(REQUESTS_PER_SECOND * load * window.toMillis() / 1000.0));
        double value = switch (name.get().measure()) {
            case ERRORS -> binomial(samples, Math.min(1, BASE_ERROR_RATE + errors)) / (double) samples;
            case P99 -> (Baselines.p99Ms(name.get().name()) + p99) * Math.exp(P99_NOISE_SIGMA * noise.nextGaussian());
            case REQUESTS -> REQUESTS_PER_SECOND * load * (1 + 0.02 * noise.nextGaussian());
        };
        return new Reading.Known(sli, Math.max(0, value), samples, end);
    }

    private long binomial(long n, double p) {
        if (n < 200) {
            long k = 0;
            for (long i = 0; i < n; i++) if (noise.nextDouble() < p) k++;
            return k;
        }
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        return Math.max(0, Math.min(n, Math.round(mean + sd * noise.nextGaussian())));
    }
}
