package dev.assay.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

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
    /** The largest YAML file read (bytes); bigger files are refused before parsing. */
    public static final int MAX_YAML_BYTES = 1024 * 1024;
    /** The largest JSON file read (bytes); JSON parses in linear time, so generated topologies may be large. */
    public static final int MAX_JSON_BYTES = 8 * 1024 * 1024;
    /** The deepest nesting of mappings and lists (Assay's formats need fewer than 10 levels). */
    public static final int MAX_DEPTH = 64;
    /** The most aliases ({@code *name}) to collections a YAML file may use ("billion laughs" stops here). */
    public static final int MAX_ALIASES = 50;
    /**
     * The longest line of a YAML file: the YAML scanner keeps hundreds of bytes per character of the line it
     * is in, so one 1 MB line costs about 600 MB (multi-line text is cheap).
     */
    public static final int MAX_YAML_LINE = 64 * 1024;
    /** The longest single string value. */
    public static final int MAX_STRING_CHARS = 256 * 1024;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH).maxStringLength(MAX_STRING_CHARS).maxDocumentLength(MAX_JSON_BYTES).build();
    private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
    private static final YAMLFactory YAML = YAMLFactory.builder().loaderOptions(loaderOptions()).streamReadConstraints(CONSTRAINTS).build();

    private Trees() {
    }

    /** The syntax implied by a file name: {@code .json} is JSON, everything else YAML. */
    public static boolean isJsonName(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(MAX_YAML_BYTES);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setAllowRecursiveKeys(false);
        return o;
    }

    /** The size limit for a file of this syntax, in bytes. */
    public static int maxBytes(String file) {
        return isJsonName(file) ? MAX_JSON_BYTES : MAX_YAML_BYTES;
    }

    /**
     * Reads a file from disk, never more than {@link #maxBytes} of it; an unreadable, too large or non-UTF-8
     * file is one problem, never an exception.
     */
    public static List<Node> read(Path path, String displayName, Problems problems) {
        return Text.read(path, maxBytes(displayName), problems).map(text -> read(displayName, text, problems)).orElse(List.of());
    }

    /** Reads {@code text}; {@code file} names the syntax (by extension) and appears in problems. */
    public static List<Node> read(String file, String text, Problems problems) {
        boolean json = isJsonName(file);
        String syntax = json ? "JSON" : "YAML";
        if (text.length() > maxBytes(file)) {
            problems.add(new Position(1, 1), "", Text.tooLarge(syntax, text.length(), maxBytes(file)));
            return List.of();
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        if (!json && longLine(text, problems)) return List.of();
        List<Node> docs = new ArrayList<>();
        try (JsonParser p = json ? JSON.createParser(text) : YAML.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                docs.add(value(p, t, problems));
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Position pos = at == null ? new Position(1, 1) : new Position(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
            problems.add(pos, "", malformed(syntax, e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) { // SnakeYAML's own exceptions, or a token sequence the parser should not give
            problems.add(new Position(1, 1), "", malformed(syntax, e.getMessage()));
        }
        if (docs.isEmpty() && problems.isEmpty()) {
            problems.add(new Position(1, 1), "", "the file is empty; expected a " + (json ? "JSON object" : "YAML document"));
        }
        return docs;
    }

    private static boolean longLine(String text, Problems problems) {
        int line = 1;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == '\n') {
                if (i - start > MAX_YAML_LINE) {
                    problems.add(new Position(line, MAX_YAML_LINE + 1), "", "this line is " + (i - start) + " characters long; Assay reads YAML lines of up to "
                            + MAX_YAML_LINE + " (the limit, so a wrong file cannot exhaust memory). Break it over several lines, or write the file as JSON");
                    return true;
                }
                line++;
                start = i + 1;
            }
        }
        return false;
    }

    /** The parser's message in the user's words; a limit that was hit is named with what to do. */
    private static String malformed(String syntax, String message) {
        String m = message == null ? "" : message;
        if (m.contains("nesting depth") || m.contains("Nesting Depth")) {
            return "the " + syntax + " nests deeper than " + MAX_DEPTH + " levels (the limit); Assay's formats need fewer than 10, so check for runaway brackets or indentation";
        }
        if (m.contains("code points") || m.contains("Document length")) {
            return Text.tooLarge(syntax, -1, maxBytes(syntax.equals("JSON") ? ".json" : ".yaml"));
        }
        if (m.contains("String value length")) {
            return "a string value is longer than " + MAX_STRING_CHARS + " characters (the limit); shorten it";
        }
        if (m.contains("aliases")) {
            return "the YAML uses more than " + MAX_ALIASES + " aliases (*name) to collections (the limit, against alias bombs); write the values out";
        }
        return "malformed " + syntax + ": " + firstLine(m);
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
        if (message == null || message.isBlank()) return "unreadable input";
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
