package dev.assay.runner;

import dev.assay.model.Fault;
import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import java.util.List;

/**
 * An injector that can keep a fault out of the running intent's own exclusion zones (services or namespaces its
 * {@code safety.exclusionZones} name, after the system's limits are merged in), not only the zones it was
 * configured with. The runner calls this instead of {@link Injector#apply} when the injector implements it; the
 * pre-flight gate still refuses a target named in a zone, this lets a backend that selects wider than one service
 * (a Kubernetes label selector) refuse an object that would reach a zone too.
 */
public interface ZoneAware {
    /** Like {@link Injector#apply}, refusing (throwing) when the fault would touch any of {@code exclusionZones}. */
    Injector.AppliedFault apply(Fault fault, Magnitude level, Lease lease, List<String> exclusionZones);
}
