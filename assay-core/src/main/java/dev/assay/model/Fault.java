package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What to break: a fault type on a target service, at one magnitude or a ramp of increasing ones
 * ({@code levels} has at least one), over a scope of its traffic.
 */
public record Fault(FaultType type, String target, List<Magnitude> levels, Scope scope) {
    public Fault {
        requireNonNull(type, "type");
        requireNonNull(target, "target");
        requireNonNull(scope, "scope");
        levels = List.copyOf(levels);
        if (levels.isEmpty()) throw new IllegalArgumentException("a fault needs at least one magnitude");
    }

    public static Fault of(FaultType type, String target, Magnitude magnitude) {
        return new Fault(type, target, List.of(magnitude), Scope.ALL);
    }

    public boolean isRamp() {
        return levels.size() > 1;
    }

    /** The strongest level: the only one for a single-magnitude fault, the last of a ramp. */
    public Magnitude peak() {
        return levels.get(levels.size() - 1);
    }
}
