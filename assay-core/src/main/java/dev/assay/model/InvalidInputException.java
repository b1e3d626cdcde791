package dev.assay.model;

import java.util.List;
import java.util.stream.Collectors;

/** The user's input (a file, a flag) is wrong. Carries every problem found, not just the first. Exit code 2. */
public class InvalidInputException extends AssayException {
    private final List<Problem> problems;

    public InvalidInputException(List<Problem> problems) {
        super(problems.stream().map(Problem::render).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) throw new IllegalArgumentException("an invalid input needs at least one problem");
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String message) {
        super(message);
        this.problems = List.of();
    }

    public List<Problem> problems() {
        return problems;
    }
}
