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

    /** Reads into {@code problems} (nothing thrown); empty when the file has problems. */
    public static Optional<SystemConfig> read(Path file, String displayName, Problems problems) {
        int before = problems.size();
        return new SystemParser(problems).parse(Trees.read(file, displayName, problems)).filter(c -> problems.size() == before);
    }

    /**
     * Where the telemetry source whose address {@code url} starts with is written ({@code file:line:column} and
     * its field), for messages about a source that cannot be reached; empty when no source matches.
     */
    public static Optional<String> whereIs(Path file, String url) {
        Problems quiet = Problems.in(file.toString());
        for (Node doc : Trees.read(file, file.toString(), quiet)) {
            if (!(doc instanceof Node.MapNode root) || !(root.get("spec").orElse(null) instanceof Node.MapNode spec)) continue;
            if (!(spec.get("telemetry").orElse(null) instanceof Node.ListNode list)) continue;
            for (int i = 0; i < list.items().size(); i++) {
                if (!(list.items().get(i) instanceof Node.MapNode source)) continue;
                for (String key : java.util.List.of("url", "listen")) {
                    Optional<Node> v = source.get(key);
                    if (v.isPresent() && v.get() instanceof Node.ScalarNode s && !s.text().isBlank() && url.startsWith(s.text().strip())) {
                        return Optional.of(file + ":" + s.position() + " (spec.telemetry[" + i + "]." + key + ")");
                    }
                }
            }
        }
        return Optional.empty();
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
        int before = problems.size();
        return new SystemParser(problems).parse(Trees.read(problems.file(), text, problems)).filter(c -> problems.size() == before);
    }
}
