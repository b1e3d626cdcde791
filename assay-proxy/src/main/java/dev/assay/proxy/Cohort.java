package dev.assay.proxy;

/**
 * Which side of the experiment an HTTP request fell on: {@code faulted} (an HTTP toxic acted on it) or
 * {@code control} (it matched no toxic, or the toxic's dice spared it). Sent upstream and back to the client
 * in the {@code x-assay-cohort} header and used as a metrics label, so a verdict can compare the two.
 */
enum Cohort {
    FAULTED, CONTROL;

    static final String HEADER = "x-assay-cohort";

    String wire() {
        return this == FAULTED ? "faulted" : "control";
    }
}
