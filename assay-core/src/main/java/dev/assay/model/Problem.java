package dev.assay.model;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a user's file: where ({@code file:line:column}), which field (a dotted path such as
 * {@code spec.fault.type}), and a message that says what was expected.
 * Line and column are 1-based; 0 means "unknown" (e.g. the file could not be read at all).
 */
public record Problem(String file, int line, int column, String field, String message) {
    public Problem {
        requireNonNull(file, "file");
        requireNonNull(field, "field");
        requireNonNull(message, "message");
        if (line < 0 || column < 0) throw new IllegalArgumentException("line and column must be >= 0");
    }

    /** {@code file:line:column: field: message}, the form editors and terminals link to. */
    public String render() {
        String where = line > 0 ? file + ":" + line + ":" + column : file;
        return field.isEmpty() ? where + ": " + message : where + ": " + field + ": " + message;
    }
}
