package dev.assay.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The answer to "what is this SLI now?". {@link Unknown} is a first-class answer: an unreachable or empty
 * source is never read as "healthy", and everything safety-related fails closed on it.
 */
public sealed interface Reading permits Reading.Known, Reading.Unknown {
    String sli();

    record Known(String sli, double value, long samples, Instant at) implements Reading {
        public Known {
            requireNonNull(sli, "sli");
            requireNonNull(at, "at");
            if (!Double.isFinite(value)) throw new IllegalArgumentException("a known reading must be finite");
            if (samples < 0) throw new IllegalArgumentException("samples must be >= 0");
        }
    }

    record Unknown(String sli, String reason) implements Reading {
        public Unknown {
            requireNonNull(sli, "sli");
            requireNonNull(reason, "reason");
        }
    }
}
