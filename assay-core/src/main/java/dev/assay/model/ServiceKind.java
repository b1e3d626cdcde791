package dev.assay.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a node of the system is. Topology files spell it in lower case; {@code service} is the default. */
public enum ServiceKind {
    SERVICE, DATABASE, CACHE, QUEUE, EXTERNAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ServiceKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
    }
}
