package dev.assay.sim;

import dev.assay.model.Fault;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.spi.Injector.AppliedFault;
import dev.assay.spi.Lease;
import dev.assay.spi.Reading;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs one experiment against a simulated system through its Injector and SliSource, as the runner would:
 * a baseline window, the fault under a lease for one window, removal, a recovery window. A service or journey
 * is observed as degraded when its measured error rate or p99 rose beyond the {@link Degradation} thresholds.
 */
final class Experimenter {
    static final Duration WINDOW = Duration.ofMinutes(5);
    /** The error budget of a 30-day window at a 99.9% objective, in bad-request minutes. */
    static final double MONTHLY_BUDGET_MINUTES = 30 * 24 * 60 * 0.001;

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
        for (Service s : topology.services()) services.put(s.name(), degraded("service." + s.name(), baseline, during));
        for (Journey j : topology.journeys()) journeys.put(j.name(), degraded("journey." + j.name(), baseline, during));
        return new Observed(services, journeys, budget);
    }

    private boolean degraded(String key, Map<String, double[]> baseline, Map<String, double[]> during) {
        double[] b = baseline.get(key);
        double[] d = during.get(key);
        return degradation.degraded(d[1] - b[1], d[0] - b[0]);
    }

    private Map<String, double[]> readAll() {
        var topology = system.simulator().topology();
        Map<String, double[]> out = new HashMap<>();
        for (Service s : topology.services()) out.put("service." + s.name(), read("service." + s.name()));
        for (Journey j : topology.journeys()) out.put("journey." + j.name(), read("journey." + j.name()));
        return out;
    }

    private double[] read(String prefix) {
        return new double[] {value(system.read(prefix + ".errors.rate", WINDOW)), value(system.read(prefix + ".latency.p99", WINDOW))};
    }

    private static double value(Reading r) {
        return switch (r) {
            case Reading.Known k -> k.value();
            case Reading.Unknown u -> throw new IllegalStateException("the simulated system could not answer " + u.sli() + ": " + u.reason());
        };
    }
}
