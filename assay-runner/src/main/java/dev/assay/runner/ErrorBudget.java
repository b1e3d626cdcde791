package dev.assay.runner;

import dev.assay.spi.Reading;

/** The fraction (0..1) of a journey's error budget still unspent; {@link Reading.Unknown} when it cannot be read. */
@FunctionalInterface
public interface ErrorBudget {
    Reading remaining(String targetBehavior);
}
