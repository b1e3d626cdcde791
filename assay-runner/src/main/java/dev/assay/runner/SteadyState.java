package dev.assay.runner;

import static java.util.Objects.requireNonNull;

import dev.assay.verdict.Interval;
import dev.assay.verdict.Measurement;
import dev.assay.verdict.Statistics;
import dev.assay.verdict.Verdicts;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an SLI is back within its baseline's spread, for recovery: the 99% interval of the baseline's value
 * (a rate's Beta interval, a percentile's bootstrap interval), widened by a margin so that ordinary noise
 * passes: a quarter of the interval's bound plus 5 ms for latencies, one percentage point for rates.
 */
final class SteadyState {
    static final double CONFIDENCE = 0.99;
    static final int MIN_SAMPLES = 20;

    private SteadyState() {
    }

    /** The band an SLI must be back in; {@code higherIsWorse} decides which side is bounded. */
    record Band(String sli, double bound, boolean higherIsWorse) {
        Band {
            requireNonNull(sli, "sli");
        }

        boolean holds(double value) {
            return higherIsWorse ? value <= bound : value >= bound;
        }

        String describe(double value) {
            return String.format(Locale.ROOT, "%s = %.4g, baseline spread %s %.4g", sli, value, higherIsWorse ? "up to" : "from", bound);
        }
    }

    /** Which SLIs get worse as they rise: errors and latencies (success, throughput and business rates fall). */
    static boolean higherIsWorse(String sli) {
        return sli.contains(".errors") || sli.contains(".latency") || sli.contains("error");
    }

    /** The band of {@code sli} from its baseline measurement; empty when the baseline has too few samples to tell. */
    static Optional<Band> of(String sli, Measurement baseline) {
        if (baseline.samples() < MIN_SAMPLES) return Optional.empty();
        boolean worseUp = higherIsWorse(sli);
        return switch (baseline) {
            case Measurement.Rate r -> {
                Interval i = Statistics.rateInterval(r, CONFIDENCE);
                yield Optional.of(new Band(sli, worseUp ? i.high() + 0.01 : i.low() - 0.01, worseUp));
            }
            case Measurement.Latencies l -> {
                double q = Verdicts.percentileOf(sli).orElse(0.5);
                Interval i = Statistics.percentileInterval(l, q, CONFIDENCE, 200, 1);
                yield Optional.of(new Band(sli, worseUp ? i.high() * 1.25 + 5 : i.low() * 0.75, worseUp));
            }
        };
    }
}
