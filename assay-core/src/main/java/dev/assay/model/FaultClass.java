package dev.assay.model;

/**
 * The classes of fault the belief model reasons about. Every {@link FaultType} belongs to one: what a
 * caller experiences is a slow callee, a failing callee, or an absent one.
 */
public enum FaultClass {
    LATENCY, ERRORS, UNAVAILABILITY
}
