package dev.assay.format;

import static java.util.Objects.requireNonNull;

import dev.assay.model.InvalidInputException;
import dev.assay.model.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects every problem found in one file, so users see them all at once instead of fixing one per run.
 * Parsers keep going after a problem (skipping only what depends on the broken part) and call
 * {@link #throwIfAny()} at the end. Not thread-safe: one collector per file being read.
 */
public final class Problems {
    private final String file;
    private final List<Problem> problems = new ArrayList<>();

    private Problems(String file) {
        this.file = requireNonNull(file, "file");
    }

    /** A collector for {@code file}, the path as the user wrote it (it is printed in every problem). */
    public static Problems in(String file) {
        return new Problems(file);
    }

    public String file() {
        return file;
    }

    public void add(Position at, String field, String message) {
        problems.add(new Problem(file, at.line(), at.column(), field, message));
    }

    public void add(Node at, String field, String message) {
        add(at.position(), field, message);
    }

    public void addAll(List<Problem> more) {
        problems.addAll(more);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public int size() {
        return problems.size();
    }

    /** The problems in file order (line, then column), stable for equal positions. */
    public List<Problem> list() {
        return problems.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .toList();
    }

    /** Throws an {@link InvalidInputException} carrying every problem, if there is any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) throw new InvalidInputException(list());
    }
}
