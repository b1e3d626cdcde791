package dev.assay.sim;

import dev.assay.spi.Injector;
import dev.assay.spi.SliSource;
import java.util.List;

/**
 * A simulated system behind the runner's own interfaces: an {@link Injector} whose faults live in simulated
 * time under their leases, and an {@link SliSource} that answers journey and service SLIs with measurement
 * noise. SLI names: {@code <journey>.errors.rate}, {@code <journey>.latency.p99} (ms),
 * {@code <journey>.requests.rate}; the same for services as {@code service.<name>.<sli>}, and bare
 * {@code <name>.<sli>} for a service when no journey has that name. Anything else reads as unknown.
 */
public interface SimulatedSystem extends Injector, SliSource {
    static SimulatedSystem create(Simulator simulator, SimulatedClock clock, long noiseSeed) {
        return new NoisySystem(simulator, clock, noiseSeed);
    }

    Simulator simulator();

    SimulatedClock clock();

    /** Faults in effect now (expired leases removed). */
    List<AppliedFault> active();

    /** The noise-free effect of the faults in effect now. */
    Impact current();
}
