package dev.assay.telemetry;

import dev.assay.model.AssayException;
import java.util.Optional;

/** A telemetry backend (Zipkin, Jaeger, Prometheus, the proxy) could not be reached or gave no usable answer. */
public class TelemetryUnavailableException extends AssayException {
    private final String url;

    public TelemetryUnavailableException(String message) {
        super(message);
        this.url = "";
    }

    public TelemetryUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.url = "";
    }

    /** Unavailable at {@code url}: the request that failed, so callers can point at where it is configured. */
    public TelemetryUnavailableException(String message, String url, Throwable cause) {
        super(message, cause);
        this.url = url;
    }

    /** The URL whose request failed, when known. */
    public Optional<String> url() {
        return url.isEmpty() ? Optional.empty() : Optional.of(url);
    }
}
