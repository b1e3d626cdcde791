package dev.assay.runner;

/** An injector that can tell whether a fault it applied under a lease is still in effect. */
public interface Verifiable {
    /**
     * True when nothing applied under {@code leaseId} on {@code target} is in effect any more. Throws when the
     * backend cannot be asked (the caller then waits for the lease to expire).
     */
    boolean gone(String target, String leaseId);

    /** Removes whatever is left of the fault applied under {@code leaseId}, if anything; idempotent. */
    void removeLeftover(String target, String leaseId);
}
