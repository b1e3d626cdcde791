package dev.assay.model;

/**
 * Root of every error Assay raises on purpose. Messages say what was wrong, where, and what to do.
 * Subclasses pick the CLI exit code: {@link InvalidInputException} is 2, anything else is 1.
 */
public class AssayException extends RuntimeException {
    public AssayException(String message) {
        super(message);
    }

    public AssayException(String message, Throwable cause) {
        super(message, cause);
    }
}
