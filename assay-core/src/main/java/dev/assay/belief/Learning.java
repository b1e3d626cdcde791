package dev.assay.belief;

/**
 * What one update taught: the information gained in bits (KL divergence of the posterior from the
 * prior, summed over the updated slots: the hypothesis-quality score of the outcome) and how many slot ×
 * fault-class distributions changed.
 */
public record Learning(double informationBits, int distributionsChanged) {
}
