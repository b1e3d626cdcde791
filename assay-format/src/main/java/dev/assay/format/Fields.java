package dev.assay.format;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The fields of one mapping, read with their field paths so that problems say {@code spec.fault.type}.
 * Required fields that are missing (or null) are reported at the mapping's position; wrong types at the
 * value's. Every accessor returns empty after reporting, so parsing continues and finds all problems.
 */
public final class Fields {
    private final Node.MapNode map;
    private final String path;
    private final Problems problems;

    private Fields(Node.MapNode map, String path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /** The mapping {@code node} at {@code path} ("" for the document root); reports any other kind of node. */
    public static Optional<Fields> of(Node node, String path, Problems problems) {
        requireNonNull(path, "path");
        if (node instanceof Node.MapNode m) return Optional.of(new Fields(m, path, problems));
        problems.add(node, path, "expected a mapping (key: value pairs), got " + node.describe());
        return Optional.empty();
    }

    /** Reports every key not in {@code known}, with a "did you mean" suggestion. */
    public Fields allow(String... known) {
        Set<String> names = Set.of(known);
        for (Node.Entry e : map.entries().values()) {
            if (!names.contains(e.key())) {
                problems.add(e.keyPosition(), path(e.key()), "unknown field '" + e.key() + "'"
                        + Suggestions.didYouMean(e.key(), names) + "; expected one of: " + String.join(", ", Arrays.asList(known)));
            }
        }
        return this;
    }

    public Node.MapNode node() {
        return map;
    }

    public Position position() {
        return map.position();
    }

    public Problems problems() {
        return problems;
    }

    /** The path of a child field: {@code spec} + {@code fault} = {@code spec.fault}. */
    public String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** True when the key is present with a non-null value. */
    public boolean has(String name) {
        return value(name).isPresent();
    }

    /** Where the key itself is written, or the mapping's position when it is absent. */
    public Position keyPosition(String name) {
        return map.entry(name).map(Node.Entry::keyPosition).orElse(map.position());
    }

    /** The value of a key; explicit {@code null} counts as absent. Missing required keys are reported. */
    public Optional<Node> value(String name, boolean required) {
        Optional<Node> v = value(name);
        if (v.isEmpty() && required) {
            boolean present = map.entry(name).isPresent();
            problems.add(present ? map.entry(name).get().keyPosition() : map.position(), path(name),
                    present ? "'" + name + "' needs a value" : "missing required field '" + name + "'");
        }
        return v;
    }

    private Optional<Node> value(String name) {
        return map.get(name).filter(n -> !(n instanceof Node.ScalarNode s && s.kind() == Node.ScalarKind.NULL));
    }

    private <T> Optional<T> read(String name, boolean required, Reader<T> reader) {
        return value(name, required).flatMap(n -> reader.read(n, path(name), problems));
    }

    public Optional<String> string(String name, boolean required) {
        return read(name, required, Values::string);
    }

    /** A non-blank string, stripped. */
    public Optional<String> name(String name, boolean required) {
        return read(name, required, Values::name);
    }

    public Optional<Double> number(String name, boolean required) {
        return read(name, required, Values::number);
    }

    public Optional<Boolean> bool(String name, boolean required) {
        return read(name, required, Values::bool);
    }

    public Optional<Duration> duration(String name, boolean required) {
        return read(name, required, Values::duration);
    }

    public Optional<Double> ratio(String name, boolean required) {
        return read(name, required, Values::ratio);
    }

    public Optional<dev.assay.model.Quantity> quantity(String name, boolean required) {
        return read(name, required, Values::quantity);
    }

    public Optional<List<Node>> list(String name, boolean required) {
        return read(name, required, Values::list);
    }

    public Optional<List<Values.Named>> names(String name, boolean required) {
        return read(name, required, Values::names);
    }

    public Optional<Fields> map(String name, boolean required) {
        return value(name, required).flatMap(n -> of(n, path(name), problems));
    }

    /** Reads a nested mapping with {@code parse}, when present. */
    public <T> Optional<T> map(String name, boolean required, Function<Fields, Optional<T>> parse) {
        return map(name, required).flatMap(parse);
    }

    @FunctionalInterface
    private interface Reader<T> {
        Optional<T> read(Node node, String field, Problems problems);
    }
}
