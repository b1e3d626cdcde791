package dev.assay.telemetry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Somewhere the graph can be read from in one pull: a Zipkin or Jaeger query API, an OTLP/JSON file, the fault
 * proxy's metrics. (The OTLP receiver is pushed to instead; see {@link OtlpReceiver}.) Keyed by {@link #kind()}.
 */
public interface TraceSource {
    /** {@code zipkin}, {@code jaeger}, {@code otlp-file}, {@code proxy}. */
    String kind();

    /**
     * Reads what the source has into {@code graph} and flushes it.
     *
     * @throws TelemetryUnavailableException when the source cannot be reached or answers nonsense
     */
    SourceReport pullInto(LiveGraph graph);

    /**
     * True for a source of measured edges without spans (the proxy's counters, a mesh's metrics): pulled after the
     * trace sources, so an edge traces show keeps the traces' figures.
     */
    default boolean fromMetrics() {
        return false;
    }

    /** What one pull took in. */
    record SourceReport(String source, long traces, long spans, long malformedSpans) {
    }

    static TraceSource zipkin(URI baseUri, Duration lookback, int limitPerService, Clock clock) {
        return new ZipkinSource(baseUri, lookback, limitPerService, clock);
    }

    static TraceSource jaeger(URI baseUri, Duration lookback, int limitPerService, Clock clock) {
        return new JaegerSource(baseUri, lookback, limitPerService, clock);
    }

    static TraceSource otlpFile(Path file) {
        return new OtlpFileSource(file);
    }
}
