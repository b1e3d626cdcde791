package dev.assay.belief;

/** What one {@link MechanismBelief#update} did: edges whose posterior was updated, information gained (KL, bits). */
public record MechanismLearning(int edgesUpdated, double bits) {
}
