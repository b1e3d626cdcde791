package dev.assay.format;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Intent;
import dev.assay.model.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Imports a Chaos Toolkit experiment (JSON or YAML) as an intent: title/description become the hypothesis,
 * steady-state probes with tolerances become {@code expect}, the first method action that injects a fault
 * (chaostoolkit-toxiproxy's toxics and proxy actions) becomes the fault. Whatever has no Assay equivalent
 * (extra actions, rollbacks, controls, configuration ...) comes back as a warning with its position: nothing
 * is dropped silently. The intent returned has been printed and re-parsed, so it validates.
 */
public final class CtkImport {
    private CtkImport() {
    }

    /** The imported intent and what could not be carried over (file:line:column, field, why). */
    public record Result(Intent intent, List<Problem> warnings) {
        public Result {
            requireNonNull(intent, "intent");
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * @param targetBehavior the journey or service the intent is about; empty to derive it from the probes
     * @throws dev.assay.model.InvalidInputException when the file is not an experiment or no action maps to a fault
     */
    public static Result read(Path file, Optional<String> targetBehavior) {
        Problems problems = Problems.in(file.toString());
        List<Node> docs = Trees.read(file, file.toString(), problems);
        problems.throwIfAny();
        return new CtkImporter(problems, targetBehavior).importExperiment(docs.get(0));
    }

    /** As {@link #read(Path, Optional)} from text; {@code file} names the syntax and appears in messages. */
    public static Result parse(String file, String text, Optional<String> targetBehavior) {
        Problems problems = Problems.in(file);
        List<Node> docs = Trees.read(file, text, problems);
        problems.throwIfAny();
        return new CtkImporter(problems, targetBehavior).importExperiment(docs.get(0));
    }
}
