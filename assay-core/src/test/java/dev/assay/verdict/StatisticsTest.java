package dev.assay.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void twoProportionTestMatchesTheTextbookExample() {
        // 45/100 vs 30/100: pooled p = 0.375, z = 2.191, two-sided p = 0.0285
        double p = Statistics.twoProportionPValue(new Measurement.Rate(45, 100), new Measurement.Rate(30, 100));
        assertThat(p).isCloseTo(0.0285, within(0.0005));
    }

    @Test
    void equalRatesAreNotSignificant() {
        assertThat(Statistics.twoProportionPValue(new Measurement.Rate(10, 1000), new Measurement.Rate(10, 1000))).isEqualTo(1.0);
    }

    @Test
    void jeffreysIntervalMatchesKnownValues() {
        // Beta(5.5, 45.5) quantiles 0.025 and 0.975 (scipy.stats.beta.ppf): 0.039194, 0.205355
        Interval i = Statistics.rateInterval(new Measurement.Rate(5, 50), 0.95);
        assertThat(i.low()).isCloseTo(0.039194, within(1e-5));
        assertThat(i.high()).isCloseTo(0.205355, within(1e-5));
    }

    @Test
    void zeroEventsGiveAnIntervalFromZero() {
        Interval i = Statistics.rateInterval(new Measurement.Rate(0, 1000), 0.95);
        assertThat(i.low()).isZero();
        assertThat(i.high()).isLessThan(0.003);
    }

    @Test
    void percentileInterpolatesBetweenOrderStatistics() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1;
        assertThat(Statistics.percentile(sorted, 0.5)).isEqualTo(50.5);
        assertThat(Statistics.percentile(sorted, 0.99)).isCloseTo(99.01, within(1e-9));
    }

    @Test
    void bootstrapIntervalCoversTheTruePercentileOfAKnownDistribution() {
        // exponential with mean 100 ms: true p99 = 100 * ln(100) = 460.5 ms
        Measurement.Latencies l = exponential(5000, 100, 7);
        Interval i = Statistics.percentileInterval(l, 0.99, 0.95, 1000, 42);
        assertThat(i.contains(460.5)).isTrue();
        assertThat(i.high() - i.low()).isLessThan(150);
    }

    @Test
    void bootstrapIsDeterministicForASeed() {
        Measurement.Latencies l = exponential(500, 50, 3);
        assertThat(Statistics.percentileInterval(l, 0.9, 0.95, 500, 9)).isEqualTo(Statistics.percentileInterval(l, 0.9, 0.95, 500, 9));
    }

    @Test
    void shiftedLatenciesDifferSignificantly() {
        Measurement.Latencies a = exponential(1000, 20, 1);
        Measurement.Latencies b = shifted(exponential(1000, 20, 2), 200);
        assertThat(Statistics.percentileDifferencePValue(a, b, 0.5, 500, 1)).isLessThan(0.01);
    }

    @Test
    void sameDistributionDoesNotDifferSignificantly() {
        Measurement.Latencies a = exponential(1000, 20, 1);
        Measurement.Latencies b = exponential(1000, 20, 2);
        assertThat(Statistics.percentileDifferencePValue(a, b, 0.5, 500, 1)).isGreaterThan(0.05);
    }

    @Property(tries = 50)
    void rateIntervalContainsTheObservedRate(@ForAll @IntRange(min = 0, max = 500) int events, @ForAll @IntRange(min = 0, max = 500) int extra) {
        Measurement.Rate r = new Measurement.Rate(events, events + extra + 1L);
        assertThat(Statistics.rateInterval(r, 0.95).contains(r.value())).isTrue();
    }

    static Measurement.Latencies exponential(int n, double mean, long seed) {
        Random random = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = -mean * Math.log(1 - random.nextDouble());
        return new Measurement.Latencies(v);
    }

    static Measurement.Latencies shifted(Measurement.Latencies l, double by) {
        double[] v = l.millis();
        for (int i = 0; i < v.length; i++) v[i] += by;
        return new Measurement.Latencies(v);
    }
}
