package dev.assay.telemetry;

import dev.assay.model.AssayException;

/** A telemetry backend (Zipkin, Jaeger, Prometheus, the proxy) could not be reached or gave no usable answer. */
public class TelemetryUnavailableException extends AssayException {
    public TelemetryUnavailableException(String message) {
        super(message);
    }

    public TelemetryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
