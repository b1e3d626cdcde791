package dev.assay.verdict;

import static dev.assay.verdict.StatisticsTest.exponential;
import static dev.assay.verdict.StatisticsTest.shifted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Expectation;
import dev.assay.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictsTest {
    private final Verdicts verdicts = Verdicts.create(new VerdictPolicy(0.95, 500, 1, 30, 5));
    private final Expectation p99Below400 = new Expectation("checkout.latency.p99", Expectation.Comparison.BELOW, Quantity.millis(400));
    private final Expectation errorsBelow1pct = new Expectation("checkout.errors.rate", Expectation.Comparison.BELOW, Quantity.ratio(0.01));

    @Test
    void toleratedLatencyIsSupported() {
        Verdict v = verdicts.decide(List.of(p99Below400), Map.of("checkout.latency.p99",
                MeasurementPair.againstBaseline(exponential(2000, 20, 1), shifted(exponential(2000, 20, 2), 50))));
        assertThat(v).isInstanceOf(Verdict.Supported.class);
        Evidence e = v.evidence().get(0);
        assertThat(e.decision()).isEqualTo(Evidence.Decision.HOLDS);
        assertThat(e.pValue()).isLessThan(0.05);
        assertThat(e.duringSamples()).isEqualTo(2000);
        assertThat(e.interval()).isPresent();
    }

    @Test
    void untoleratedLatencyIsRefutedWithEvidence() {
        Verdict v = verdicts.decide(List.of(p99Below400), Map.of("checkout.latency.p99",
                MeasurementPair.againstBaseline(exponential(2000, 20, 1), shifted(exponential(2000, 20, 2), 500))));
        assertThat(v).isInstanceOf(Verdict.Refuted.class);
        assertThat(((Verdict.Refuted) v).reason()).contains("checkout.latency.p99 below 400ms broken");
        assertThat(v.evidence().get(0).interval().orElseThrow().low()).isGreaterThan(400);
    }

    @Test
    void tooFewSamplesAreInconclusiveWithTheReason() {
        Verdict v = verdicts.decide(List.of(p99Below400), Map.of("checkout.latency.p99",
                MeasurementPair.againstBaseline(exponential(100, 20, 1), shifted(exponential(100, 20, 2), 500))));
        assertThat(v).isInstanceOf(Verdict.Inconclusive.class);
        assertThat(((Verdict.Inconclusive) v).reason()).contains("too few samples").contains("need at least 500");
    }

    @Test
    void aSingleSampleNeverDecides() {
        Verdict v = verdicts.decide(List.of(errorsBelow1pct), Map.of("checkout.errors.rate",
                MeasurementPair.againstBaseline(new Measurement.Rate(0, 1), new Measurement.Rate(1, 1))));
        assertThat(v).isInstanceOf(Verdict.Inconclusive.class);
    }

    @Test
    void errorRateAboveThresholdIsRefuted() {
        Verdict v = verdicts.decide(List.of(errorsBelow1pct), Map.of("checkout.errors.rate",
                MeasurementPair.againstBaseline(new Measurement.Rate(2, 2000), new Measurement.Rate(200, 2000))));
        assertThat(v).isInstanceOf(Verdict.Refuted.class);
        assertThat(v.evidence().get(0).pValue()).isLessThan(1e-6);
    }

    @Test
    void errorRateWellBelowThresholdIsSupported() {
        Verdict v = verdicts.decide(List.of(errorsBelow1pct), Map.of("checkout.errors.rate",
                MeasurementPair.againstControl(new Measurement.Rate(1, 3000), new Measurement.Rate(2, 3000))));
        assertThat(v).isInstanceOf(Verdict.Supported.class);
        assertThat(v.evidence().get(0).reference()).isEqualTo(Evidence.Reference.CONTROL_COHORT);
    }

    @Test
    void anIntervalStraddlingTheThresholdIsInconclusive() {
        Verdict v = verdicts.decide(List.of(errorsBelow1pct), Map.of("checkout.errors.rate",
                MeasurementPair.againstBaseline(new Measurement.Rate(0, 100), new Measurement.Rate(1, 100))));
        assertThat(v).isInstanceOf(Verdict.Inconclusive.class);
        assertThat(((Verdict.Inconclusive) v).reason()).contains("straddles the threshold");
    }

    @Test
    void anUnmeasuredSliIsInconclusive() {
        Verdict v = verdicts.decide(List.of(errorsBelow1pct), Map.of());
        assertThat(((Verdict.Inconclusive) v).reason()).contains("checkout.errors.rate was not measured");
    }

    @Test
    void oneBrokenCriterionRefutesEvenIfOthersHold() {
        Verdict v = verdicts.decide(List.of(p99Below400, errorsBelow1pct), Map.of(
                "checkout.latency.p99", MeasurementPair.againstBaseline(exponential(2000, 20, 1), exponential(2000, 20, 2)),
                "checkout.errors.rate", MeasurementPair.againstBaseline(new Measurement.Rate(2, 2000), new Measurement.Rate(300, 2000))));
        assertThat(v).isInstanceOf(Verdict.Refuted.class);
        assertThat(v.evidence()).hasSize(2);
    }

    @Test
    void percentileIsReadFromTheSliName() {
        assertThat(Verdicts.percentileOf("checkout.latency.p99").getAsDouble()).isEqualTo(0.99);
        assertThat(Verdicts.percentileOf("a.p999").getAsDouble()).isEqualTo(0.999);
        assertThat(Verdicts.percentileOf("a.p50").getAsDouble()).isEqualTo(0.5);
        assertThat(Verdicts.percentileOf("checkout.errors.rate")).isEmpty();
    }

    @Test
    void deviationDetectsAWorseErrorRateOnly() {
        assertThat(verdicts.deviated(MeasurementPair.againstBaseline(new Measurement.Rate(5, 1000), new Measurement.Rate(80, 1000)),
                java.util.OptionalDouble.empty(), true)).isTrue();
        assertThat(verdicts.deviated(MeasurementPair.againstBaseline(new Measurement.Rate(80, 1000), new Measurement.Rate(5, 1000)),
                java.util.OptionalDouble.empty(), true)).isFalse();
    }
}
