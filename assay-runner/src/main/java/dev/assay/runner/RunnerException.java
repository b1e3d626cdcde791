package dev.assay.runner;

import dev.assay.model.AssayException;

/** The runner could not do what it was asked (no injector for a fault type, an injector backend failing). */
public final class RunnerException extends AssayException {
    public RunnerException(String message) {
        super(message);
    }

    public RunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
