package dev.assay.runner;

import dev.assay.spi.Injector;
import dev.assay.spi.Lease;

/** An injector whose backend holds the lease: the runner's heartbeat extends it to {@code renewed}. */
public interface Renewable {
    /** Extends the lease of {@code fault}; throws if the backend cannot be reached (the fault will then expire). */
    void renew(Injector.AppliedFault fault, Lease renewed);
}
