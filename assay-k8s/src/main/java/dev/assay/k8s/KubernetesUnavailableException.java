package dev.assay.k8s;

import dev.assay.model.AssayException;

/** The API server could not be reached or refused a request; the message says which and what to check. */
public final class KubernetesUnavailableException extends AssayException {
    public KubernetesUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
