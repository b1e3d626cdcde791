package dev.assay.journal;

import dev.assay.model.AssayException;

/** The journal could not be opened, read or written; the message says which file and why. */
public final class JournalException extends AssayException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
