package dev.assay.format;

/** Where a node starts in a user's file: 1-based line and column (0 when unknown). */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);

    public Position {
        if (line < 0 || column < 0) throw new IllegalArgumentException("line and column must be >= 0");
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
