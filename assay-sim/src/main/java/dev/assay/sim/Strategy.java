package dev.assay.sim;

import dev.assay.model.Fault;
import java.util.Optional;

/** How the next experiment is chosen. One instance per bench run (strategy × seed). */
interface Strategy {
    /** The next experiment, or empty when the strategy has nothing left to run. */
    Optional<Fault> next();

    /** Told after every experiment, so strategies that learn can. */
    default void observed(Fault fault, Observed observed) {
    }
}
