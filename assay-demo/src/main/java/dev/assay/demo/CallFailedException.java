package dev.assay.demo;

/** A call to a downstream service failed after the caller's policy was applied (timeout, retries, breaker). */
final class CallFailedException extends RuntimeException {
    private final String callee;

    CallFailedException(String callee, String reason) {
        super(callee + ": " + reason);
        this.callee = callee;
    }

    String callee() {
        return callee;
    }
}
