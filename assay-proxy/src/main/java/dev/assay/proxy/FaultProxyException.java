package dev.assay.proxy;

import dev.assay.model.AssayException;

/**
 * A fault proxy request that cannot be honoured. {@link #status()} is the HTTP status the admin API answers
 * with (Toxiproxy's codes: 400 bad input, 401 missing token, 403 upstream not allowed, 404 unknown
 * proxy/toxic/lease, 409 already exists or address in use).
 */
public final class FaultProxyException extends AssayException {
    private final int status;

    public FaultProxyException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
        this.status = status;
    }

    public FaultProxyException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static FaultProxyException badRequest(String message) {
        return new FaultProxyException(400, message);
    }

    static FaultProxyException notFound(String message) {
        return new FaultProxyException(404, message);
    }

    static FaultProxyException conflict(String message) {
        return new FaultProxyException(409, message);
    }
}
