package dev.assay.sim;

import dev.assay.belief.MeasuredSli;
import dev.assay.model.Fault;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.spi.Injector.AppliedFault;
import dev.assay.spi.Lease;
import dev.assay.spi.Reading;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import dev.assay.verdict.Measurement;
import dev.assay.verdict.VerdictPolicy;
import dev.assay.verdict.Verdicts;

/**
 * Runs one experiment against a simulated system through its Injector and SliSource, as the runner would:
 * a baseline window, the fault under a lease for one window, removal, a recovery window. A service or journey
 * is observed as degraded when its measured error rate or p99 rose beyond the {@link Degradation} thresholds
 * (a rise in errors must also be significant by the verdict logic's test).
 */
final class Experimenter {
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** The error budget of a 30-day window at a 99.9% objective, in bad-request minutes. */
    static final double MONTHLY_BUDGET_MINUTES = 30 * 24 * 60 * 0.001;

    private static final Verdicts VERDICTS = Verdicts.create(VerdictPolicy.DEFAULTS);

    private final SimulatedSystem system;
    private final Degradation degradation;
    private final double totalWeight;
    private int experiments;

    Experimenter(SimulatedSystem system) {
        this.system = system;
        this.degradation = system.simulator().degradation();
        this.totalWeight = system.simulator().topology().journeys().stream().mapToDouble(Journey::weight).sum();
    }

    Observed run(Fault fault) {
        var topology = system.simulator().topology();
        system.clock().advance(WINDOW);
        Map<String, double[]> baseline = readAll();
        AppliedFault applied = system.apply(fault, fault.peak(),
                new Lease("bench-" + ++experiments, system.clock().instant().plus(WINDOW.multipliedBy(2))));
        double budget;
        Map<String, double[]> during;
        try {
            system.clock().advance(WINDOW);
            during = readAll();
            Impact truth = system.current();
            budget = 0;
            for (Journey j : topology.journeys()) {
                budget += j.weight() / totalWeight * truth.journey(j.name()).badFraction() * WINDOW.toMinutes();
            }
            budget /= MONTHLY_BUDGET_MINUTES;
        } finally {
            system.remove(applied);
        }
        system.clock().advance(WINDOW);
        Map<String, Boolean> services = new HashMap<>();
        Map<String, Boolean> journeys = new HashMap<>();
        Map<String, MeasuredSli> serviceSlis = new HashMap<>();
        Map<String, MeasuredSli> journeySlis = new HashMap<>();
        for (Service s : topology.services()) {
            services.put(s.name(), degraded("service." + s.name(), baseline, during));
            serviceSlis.put(s.name(), measured("service." + s.name(), baseline, during));
        }
        for (Journey j : topology.journeys()) {
            journeys.put(j.name(), degraded("journey." + j.name(), baseline, during));
            journeySlis.put(j.name(), measured("journey." + j.name(), baseline, during));
        }
        return new Observed(services, journeys, serviceSlis, journeySlis, budget);
    }

    private static MeasuredSli measured(String key, Map<String, double[]> baseline, Map<String, double[]> during) {
        double[] b = baseline.get(key);
        double[] d = during.get(key);
        return new MeasuredSli(b[0], d[0], b[1], d[1], (long) b[2], (long) d[2]);
    }

    /**
     * Degraded when the p99 rose beyond the threshold, or the error rate rose beyond the threshold and the
     * runner's own statistics ({@link Verdicts#deviated}, a two-proportion test) call the rise significant.
     */
    private boolean degraded(String key, Map<String, double[]> baseline, Map<String, double[]> during) {
        double[] b = baseline.get(key);
        double[] d = during.get(key);
        if (degradation.degraded(d[1] - b[1], 0)) return true;
        if (!degradation.degraded(0, d[0] - b[0])) return false;
        var before = new Measurement.Rate(Math.round(b[0] * b[2]), (long) b[2]);
        var faulted = new Measurement.Rate(Math.round(d[0] * d[2]), (long) d[2]);
        return VERDICTS.deviated(dev.assay.verdict.MeasurementPair.againstBaseline(before, faulted), OptionalDouble.empty(), true);
    }

    private Map<String, double[]> readAll() {
        var topology = system.simulator().topology();
        Map<String, double[]> out = new HashMap<>();
        for (Service s : topology.services()) out.put("service." + s.name(), read("service." + s.name()));
        for (Journey j : topology.journeys()) out.put("journey." + j.name(), read("journey." + j.name()));
        return out;
    }

    /** {error rate, p99 ms, requests in the window}. */
    private double[] read(String prefix) {
        Reading.Known errors = known(system.read(prefix + ".errors.rate", WINDOW));
        return new double[] {errors.value(), known(system.read(prefix + ".latency.p99", WINDOW)).value(), errors.samples()};
    }

    private static Reading.Known known(Reading r) {
        return switch (r) {
            case Reading.Known k -> k;
            case Reading.Unknown u -> throw new IllegalStateException("the simulated system could not answer " + u.sli() + ": " + u.reason());
        };
    }
}
