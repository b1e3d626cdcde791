package dev.assay.telemetry;

import static java.util.Objects.requireNonNull;

import dev.assay.model.ServiceKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A discovered service: its kind (instrumented services are {@code service} unless their resource says
 * {@code assay.service.kind}; uninstrumented peers are classified by {@code db.system}/{@code messaging.system}),
 * the {@code service.version}s seen (latest last, bounded) and when it was first and last seen.
 */
public record ServiceStats(String name, ServiceKind kind, boolean instrumented, List<String> versions,
                           Instant firstSeen, Instant lastSeen) {
    public ServiceStats {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        requireNonNull(firstSeen, "firstSeen");
        requireNonNull(lastSeen, "lastSeen");
        versions = List.copyOf(versions);
    }

    /** The version seen most recently, if the service reports one. */
    public Optional<String> version() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }
}
