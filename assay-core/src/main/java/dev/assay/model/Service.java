package dev.assay.model;

import static java.util.Objects.requireNonNull;

/** A node of the system: something that can be called and can fail. */
public record Service(String name, ServiceKind kind) {
    public Service {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        if (name.isBlank()) throw new IllegalArgumentException("service name must not be blank");
    }

    public static Service of(String name) {
        return new Service(name, ServiceKind.SERVICE);
    }
}
