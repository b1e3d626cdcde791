package dev.assay.format;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML or JSON value that remembers where it was written, so every problem can name {@code line:column}.
 * Read with {@link Trees}; walk with {@link Fields} and {@link Values}.
 */
public sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {
    Position position();

    /** What kind of value this is, in the words of error messages ("a mapping", "a list", "a string"). */
    String describe();

    /** One key of a mapping: the key's own position (for "unknown field") and its value. */
    record Entry(String key, Position keyPosition, Node value) {
        public Entry {
            requireNonNull(key, "key");
            requireNonNull(keyPosition, "keyPosition");
            requireNonNull(value, "value");
        }
    }

    /** A mapping, keys in file order. */
    record MapNode(Position position, Map<String, Entry> entries) implements Node {
        public MapNode {
            requireNonNull(position, "position");
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        public Optional<Entry> entry(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        public Optional<Node> get(String key) {
            return entry(key).map(Entry::value);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record ListNode(Position position, List<Node> items) implements Node {
        public ListNode {
            requireNonNull(position, "position");
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar: its text as written (numbers keep their exact spelling) and what the parser took it for. */
    record ScalarNode(Position position, String text, ScalarKind kind) implements Node {
        public ScalarNode {
            requireNonNull(position, "position");
            requireNonNull(text, "text");
            requireNonNull(kind, "kind");
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "the text '" + text + "'";
                case NUMBER -> "the number " + text;
                case BOOLEAN -> "the boolean " + text;
                case NULL -> "nothing (null)";
            };
        }
    }

    enum ScalarKind { STRING, NUMBER, BOOLEAN, NULL }
}
