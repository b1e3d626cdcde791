package dev.assay.format;

import dev.assay.model.SystemConfig;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The system configuration format ({@code assay.yaml}, {@code apiVersion: assay/v1}, {@code kind: System});
 * see {@code docs/system.md}. Every problem of a file is reported at once, each with {@code file:line:column},
 * the field and what was expected.
 */
public final class SystemFormat {
    private SystemFormat() {
    }

    /** @throws dev.assay.model.InvalidInputException with every problem of the file */
    public static SystemConfig read(Path file) {
        Problems problems = Problems.in(file.toString());
        Optional<SystemConfig> c = new SystemParser(problems).parse(Trees.read(file, file.toString(), problems));
        problems.throwIfAny();
        return c.orElseThrow();
    }

    /** @throws dev.assay.model.InvalidInputException with every problem found */
    public static SystemConfig parse(String file, String text) {
        Problems problems = Problems.in(file);
        Optional<SystemConfig> c = parse(text, problems);
        problems.throwIfAny();
        return c.orElseThrow();
    }

    /** Reads into {@code problems} (nothing thrown); empty when the text has problems. */
    public static Optional<SystemConfig> parse(String text, Problems problems) {
        return new SystemParser(problems).parse(Trees.read(problems.file(), text, problems));
    }
}
