package dev.assay.spi;

import java.time.Duration;

/**
 * Where SLI values come from (Prometheus, the fault proxy's own metrics, a simulator). Implementations must
 * answer {@link Reading.Unknown} rather than throw when their backend is unreachable or has no data.
 */
public interface SliSource {
    /** The SLI's value over the trailing {@code window} (e.g. error rate over the last 30 s). */
    Reading read(String sli, Duration window);
}
