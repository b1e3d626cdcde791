package dev.assay.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads YAML or JSON into {@link Node} trees that keep the {@code line:column} of every value, the base of
 * every parser in this package. Typical use by a format parser:
 * <pre>{@code
 * Problems problems = Problems.in(fileName);
 * for (Node doc : Trees.read(fileName, text, problems)) {       // one Node per YAML document (---)
 *     Fields.of(doc, "", problems).ifPresent(root -> {
 *         root.allow("apiVersion", "kind", "spec");             // unknown keys: "did you mean"
 *         Optional<String> kind = root.string("kind", true);    // missing/wrong type: reported, empty
 *         root.map("spec", true).ifPresent(spec -> ...);        // nested mappings carry the field path
 *     });
 * }
 * problems.throwIfAny();                                       // every problem at once, exit code 2
 * }</pre>
 * Malformed syntax is reported as one problem at the parser's position; what was read before it is kept.
 * Duplicate keys are problems too (YAML and JSON both allow them silently otherwise).
 */
public final class Trees {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private Trees() {
    }

    /** The syntax implied by a file name: {@code .json} is JSON, everything else YAML. */
    public static boolean isJsonName(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** Reads a file from disk; an unreadable file is one problem at 0:0, never an exception. */
    public static List<Node> read(Path path, String displayName, Problems problems) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            problems.add(Position.UNKNOWN, "", "no such file; check the path");
            return List.of();
        } catch (IOException e) {
            problems.add(Position.UNKNOWN, "", "cannot read the file: " + e);
            return List.of();
        }
        return read(displayName, text, problems);
    }

    /** Reads {@code text}; {@code file} names the syntax (by extension) and appears in problems. */
    public static List<Node> read(String file, String text, Problems problems) {
        boolean json = isJsonName(file);
        List<Node> docs = new ArrayList<>();
        try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                docs.add(value(p, t, problems));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Position pos = at == null ? Position.UNKNOWN : new Position(Math.max(0, at.getLineNr()), Math.max(0, at.getColumnNr()));
            problems.add(pos, "", "malformed " + (json ? "JSON" : "YAML") + ": " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (docs.isEmpty() && problems.isEmpty()) {
            problems.add(new Position(1, 1), "", "the file is empty; expected a " + (json ? "JSON object" : "YAML document"));
        }
        return docs;
    }

    private static Node value(JsonParser p, JsonToken t, Problems problems) throws IOException {
        Position pos = position(p);
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Node.Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    Position keyPos = position(p);
                    Node v = value(p, p.nextToken(), problems);
                    Node.Entry previous = entries.get(key);
                    if (previous != null) {
                        problems.add(keyPos, key, "duplicate key '" + key + "' (first written at " + previous.keyPosition() + "); write each key once");
                    } else {
                        entries.put(key, new Node.Entry(key, keyPos, v));
                    }
                }
                if (k != JsonToken.END_OBJECT) throw new IllegalStateException("unexpected token " + k);
                yield new Node.MapNode(pos, entries);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (i == null) throw new IllegalStateException("unterminated array");
                    items.add(value(p, i, problems));
                }
                yield new Node.ListNode(pos, items);
            }
            case VALUE_STRING -> new Node.ScalarNode(pos, p.getText(), Node.ScalarKind.STRING);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Node.ScalarNode(pos, p.getText(), Node.ScalarKind.NUMBER);
            case VALUE_TRUE, VALUE_FALSE -> new Node.ScalarNode(pos, p.getText(), Node.ScalarKind.BOOLEAN);
            case VALUE_NULL -> new Node.ScalarNode(pos, "null", Node.ScalarKind.NULL);
            default -> new Node.ScalarNode(pos, String.valueOf(p.getText()), Node.ScalarKind.STRING);
        };
    }

    private static Position position(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return new Position(Math.max(0, l.getLineNr()), Math.max(0, l.getColumnNr()));
    }

    private static String firstLine(String message) {
        if (message == null) return "unreadable input";
        String m = message.strip();
        int nl = m.indexOf('\n');
        m = nl < 0 ? m : m.substring(0, nl).strip();
        m = m.replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]", "$1:$2");
        if (m.startsWith("mapping values are not allowed here")) {
            m += " (check the indentation of this line, or quote a value that contains ': ')";
        }
        return m;
    }
}
