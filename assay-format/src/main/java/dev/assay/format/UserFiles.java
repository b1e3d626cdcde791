package dev.assay.format;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells which of Assay's formats a user's file holds, so {@code assay validate} checks it with the right
 * parser: by name ({@code *.intent.yaml}, {@code *.topology.json}), else by its first document's
 * {@code kind} ({@code Intent}, {@code System}, {@code Topology}), else a mapping with {@code services} is a
 * topology (the JSON form has no {@code kind}).
 */
public final class UserFiles {
    /** The formats {@code assay validate} checks. */
    public enum Kind { INTENT, TOPOLOGY, SYSTEM }

    private UserFiles() {
    }

    /** The kind implied by the file name alone, if any. */
    public static Optional<Kind> byName(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.matches(".*\\.intent\\.(yaml|yml|json)")) return Optional.of(Kind.INTENT);
        if (n.matches(".*\\.topology\\.(yaml|yml|json)")) return Optional.of(Kind.TOPOLOGY);
        if (n.matches("assay\\.(yaml|yml)|.*\\.system\\.(yaml|yml|json)")) return Optional.of(Kind.SYSTEM);
        return Optional.empty();
    }

    /**
     * The kind of {@code file}; when it cannot be told (the file is unreadable, malformed, or holds no known
     * kind) the reason is added to {@code problems} and the result is empty.
     */
    public static Optional<Kind> kindOf(Path file, String displayName, Problems problems) {
        Optional<Kind> named = byName(file);
        Problems reading = Problems.in(displayName);
        List<Node> docs = Trees.read(file, displayName, reading);
        if (!reading.isEmpty()) {
            if (named.isPresent()) return named; // its parser reports the same problems, in its own words
            problems.addAll(reading.list());
            return Optional.empty();
        }
        Optional<Kind> declared = docs.isEmpty() || !(docs.get(0) instanceof Node.MapNode root) ? Optional.empty() : declared(root);
        if (declared.isPresent()) return declared;
        if (named.isPresent()) return named;
        problems.add(docs.isEmpty() ? new Position(1, 1) : docs.get(0).position(), "kind",
                "cannot tell what this file holds: expected kind: Intent, System or Topology (with apiVersion: assay/v1),"
                        + " or a topology's services; or name it *.intent.yaml, *.topology.json or assay.yaml");
        return Optional.empty();
    }

    private static Optional<Kind> declared(Node.MapNode root) {
        Optional<String> kind = root.get("kind").filter(Node.ScalarNode.class::isInstance).map(n -> ((Node.ScalarNode) n).text().strip());
        if (kind.isPresent()) {
            return switch (kind.get()) {
                case IntentParser.KIND -> Optional.of(Kind.INTENT);
                case SystemParser.KIND -> Optional.of(Kind.SYSTEM);
                case TopologyParser.KIND -> Optional.of(Kind.TOPOLOGY);
                default -> Optional.empty();
            };
        }
        return root.get("services").isPresent() ? Optional.of(Kind.TOPOLOGY) : Optional.empty();
    }
}
