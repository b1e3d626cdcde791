package dev.assay.cli;

/** The exit codes of PRODUCT.md; scripts and CI pipelines depend on them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int INTERNAL_ERROR = 1;
    public static final int INVALID_INPUT = 2;
    public static final int REFUTED = 3;
    public static final int ABORTED = 4;

    private ExitCode() {
    }
}
