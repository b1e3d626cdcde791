package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * An injector the system can be faulted through, by type ({@code proxy}, {@code process}, ...), where it is
 * reached ({@code address}, e.g. the fault proxy's admin URL) and its type's options.
 */
public record InjectorConfig(String type, String address, Map<String, String> options) {
    public InjectorConfig {
        requireNonNull(type, "type");
        requireNonNull(address, "address");
        options = Map.copyOf(options);
        if (type.isBlank()) throw new IllegalArgumentException("injector type must not be blank");
    }
}
