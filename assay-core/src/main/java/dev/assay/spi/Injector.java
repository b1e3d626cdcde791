package dev.assay.spi;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import java.util.Set;

/**
 * Applies faults to the real world (the fault proxy, a process, a simulator), keyed by the fault types it
 * supports. Every applied fault carries its lease: the injector's backend must remove it by itself when the
 * lease expires unrenewed, even if this process dies.
 */
public interface Injector {
    /** The fault types this injector can apply. */
    Set<FaultType> supports();

    /** Applies one level of {@code fault} under {@code lease}; returns a handle to remove it. */
    AppliedFault apply(Fault fault, Magnitude level, Lease lease);

    /** Removes the fault now. Idempotent: removing an already-removed or expired fault is not an error. */
    void remove(AppliedFault fault);

    /** A fault that is (or was) in effect. */
    record AppliedFault(String id, Fault fault, Magnitude level, Lease lease) {
        public AppliedFault {
            java.util.Objects.requireNonNull(id, "id");
            java.util.Objects.requireNonNull(fault, "fault");
            java.util.Objects.requireNonNull(level, "level");
            java.util.Objects.requireNonNull(lease, "lease");
        }
    }
}
