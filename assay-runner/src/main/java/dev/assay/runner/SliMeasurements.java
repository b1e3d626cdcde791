package dev.assay.runner;

import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.verdict.Measurement;
import dev.assay.verdict.Verdicts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Rate measurements from an SLI source that only answers "over the trailing window" (Prometheus): a rate
 * SLI read with its sample count becomes {@code round(rate * samples)} events of {@code samples}. Only windows
 * that end now can be read, so the runner measures each window as it closes. Percentile SLIs have no raw
 * samples here (empty): judge latency with a probe.
 */
public final class SliMeasurements implements MeasurementSource {
    private final SliSource source;
    private final Clock clock;

    private SliMeasurements(SliSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    public static SliMeasurements of(SliSource source, Clock clock) {
        return new SliMeasurements(source, clock);
    }

    @Override
    public Optional<Measurement> measure(String sli, Instant from, Instant to) {
        if (Verdicts.percentileOf(sli).isPresent()) return Optional.empty();
        if (Duration.between(to, clock.instant()).compareTo(Duration.ofSeconds(5)) > 0) return Optional.empty(); // a past window
        Reading r = source.read(sli, Duration.between(from, to));
        if (!(r instanceof Reading.Known k) || k.samples() <= 0 || k.value() < 0 || k.value() > 1) return Optional.empty();
        return Optional.of(new Measurement.Rate(Math.round(k.value() * k.samples()), k.samples()));
    }
}
