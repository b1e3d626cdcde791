package dev.assay.server;

/**
 * A request the API refuses: the HTTP {@code status}, what is wrong ({@code getMessage()}), {@code where} (the field,
 * parameter or path at fault) and {@code hint} (what to do). Rendered as {@code {"error", "where", "hint"}}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String where;
    private final String hint;

    public ApiException(int status, String error, String where, String hint) {
        super(error);
        this.status = status;
        this.where = where;
        this.hint = hint;
    }

    public static ApiException badRequest(String error, String where, String hint) {
        return new ApiException(400, error, where, hint);
    }

    public int status() {
        return status;
    }

    public String where() {
        return where;
    }

    public String hint() {
        return hint;
    }
}
