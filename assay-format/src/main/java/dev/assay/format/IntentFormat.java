package dev.assay.format;

import dev.assay.model.Intent;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The intent file format ({@code *.intent.yaml}, or {@code .json}): reading with positioned validation,
 * and printing in the canonical YAML form, so that {@code parse(print(x))} equals {@code x}.
 * A file may hold several intents as YAML documents separated by {@code ---}.
 */
public final class IntentFormat {
    private IntentFormat() {
    }

    /** An intent read from a file, with where its {@code metadata.id} is written (for cross-file checks). */
    public record Located(Intent intent, String file, Position idPosition) {
    }

    /**
     * Reads every intent of a file, checking names against {@code topology} when given.
     *
     * @throws dev.assay.model.InvalidInputException with every problem of the file
     */
    public static List<Intent> read(Path file, Optional<Topology> topology) {
        Problems problems = Problems.in(file.toString());
        List<Intent> intents = read(file, file.toString(), topology, problems);
        problems.throwIfAny();
        return intents;
    }

    /** Reads a file into {@code problems} (nothing thrown); returns the intents that were valid. */
    public static List<Intent> read(Path file, String displayName, Optional<Topology> topology, Problems problems) {
        return readLocated(file, displayName, topology, problems).stream().map(Located::intent).toList();
    }

    /** As {@link #read(Path, String, Optional, Problems)}, keeping where each intent's id is written. */
    public static List<Located> readLocated(Path file, String displayName, Optional<Topology> topology, Problems problems) {
        return readLocated(file, displayName, topology, Optional.empty(), problems);
    }

    /** As above, also checking each intent's SLIs and fault target against a system configuration. */
    public static List<Located> readLocated(Path file, String displayName, Optional<Topology> topology, Optional<SystemConfig> system,
            Problems problems) {
        return new IntentParser(problems, topology, system).parse(Trees.read(file, displayName, problems));
    }

    /**
     * Parses intents from text; {@code file} names the syntax ({@code .json} or YAML) and is printed in problems.
     *
     * @throws dev.assay.model.InvalidInputException with every problem found
     */
    public static List<Intent> parse(String file, String text, Optional<Topology> topology) {
        Problems problems = Problems.in(file);
        List<Intent> intents = parse(text, topology, problems);
        problems.throwIfAny();
        return intents;
    }

    /** Parses into {@code problems} (nothing thrown); returns the intents that were valid. */
    public static List<Intent> parse(String text, Optional<Topology> topology, Problems problems) {
        return new IntentParser(problems, topology).parse(Trees.read(problems.file(), text, problems)).stream().map(Located::intent).toList();
    }

    /** Parses exactly one intent. */
    public static Intent parseOne(String file, String text, Optional<Topology> topology) {
        List<Intent> all = parse(file, text, topology);
        if (all.size() != 1) {
            throw new dev.assay.model.InvalidInputException(List.of(new dev.assay.model.Problem(file, 1, 1, "",
                    "expected exactly one intent, found " + all.size())));
        }
        return all.get(0);
    }

    /** The canonical YAML of one intent. */
    public static String print(Intent intent) {
        return IntentPrinter.yaml(intent);
    }

    /** Several intents as one YAML stream, separated by {@code ---}. */
    public static String print(List<Intent> intents) {
        return intents.stream().map(IntentPrinter::yaml).collect(Collectors.joining("---\n"));
    }
}
