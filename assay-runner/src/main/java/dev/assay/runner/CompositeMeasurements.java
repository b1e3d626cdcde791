package dev.assay.runner;

import dev.assay.verdict.Measurement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Several measurement sources as one: the first that knows an SLI answers (probes first, then telemetry). */
public final class CompositeMeasurements implements MeasurementSource {
    private final List<MeasurementSource> sources;

    private CompositeMeasurements(List<MeasurementSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public static MeasurementSource of(List<MeasurementSource> sources) {
        return new CompositeMeasurements(sources);
    }

    @Override
    public Optional<Measurement> measure(String sli, Instant from, Instant to) {
        return sources.stream().map(s -> s.measure(sli, from, to)).flatMap(Optional::stream).findFirst();
    }

    @Override
    public Optional<Cohorts> cohorts(String sli, Instant from, Instant to) {
        return sources.stream().map(s -> s.cohorts(sli, from, to)).flatMap(Optional::stream).findFirst();
    }
}
