package dev.assay.telemetry;

import dev.assay.model.ServiceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Running facts about one service; keeps at most {@value #MAX_VERSIONS} versions, most recent last. */
final class ServiceAccumulator {
    static final int MAX_VERSIONS = 8;
    private final String name;
    private ServiceKind kind;
    private boolean instrumented;
    private final List<String> versions = new ArrayList<>(2);
    private long latestVersionNanos = Long.MIN_VALUE;
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    ServiceAccumulator(String name, ServiceKind kind, boolean instrumented) {
        this.name = name;
        this.kind = kind;
        this.instrumented = instrumented;
    }

    boolean instrumented() {
        return instrumented;
    }

    /** {@code reportedKind} may be null when the service is already known to be instrumented. */
    void seen(long nanos, String version, ServiceKind reportedKind, boolean fromOwnSpan) {
        firstNanos = Math.min(firstNanos, nanos);
        lastNanos = Math.max(lastNanos, nanos);
        if (fromOwnSpan && !instrumented) {
            instrumented = true; // its own spans outrank what callers guessed
            kind = reportedKind;
        }
        if (!version.isEmpty() && nanos >= latestVersionNanos) {
            latestVersionNanos = nanos;
            if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(version)) {
                versions.remove(version);
                versions.add(version);
                if (versions.size() > MAX_VERSIONS) versions.remove(0);
            }
        }
    }

    ServiceStats stats() {
        return new ServiceStats(name, kind, instrumented, versions, Instant.ofEpochSecond(0, firstNanos),
                Instant.ofEpochSecond(0, lastNanos));
    }
}
