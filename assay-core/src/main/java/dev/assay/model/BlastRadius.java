package dev.assay.model;

import java.util.List;

/** The services an intent's author predicts will be affected by its fault. */
public record BlastRadius(List<String> expected) {
    public BlastRadius {
        expected = List.copyOf(expected);
    }
}
