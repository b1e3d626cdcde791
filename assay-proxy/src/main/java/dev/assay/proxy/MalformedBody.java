package dev.assay.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code malformed_body} rewrites of a JSON document: {@code truncate} keeps its first half; {@code corrupt}
 * overwrites its first byte and three more with a control character (no strict JSON parser accepts it, and
 * SSE framing stays intact); {@code wrong_type} gives the first {@code field} (at any depth) a value of the wrong
 * type: a string becomes the number 42, a number, boolean or null becomes a string, an array or object becomes the
 * string {@code "wrong type (assay proxy)"}. A body without that field passes unchanged.
 */
final class MalformedBody {
    private static final byte CONTROL = 0x01;

    private MalformedBody() {
    }

    static byte[] apply(ToxicSpec spec, byte[] json) {
        return switch (spec.stringAttribute("mode")) {
            case "truncate" -> Arrays.copyOf(json, json.length / 2);
            case "corrupt" -> corrupt(json);
            default -> wrongType(json, spec.stringAttribute("field"));
        };
    }

    private static byte[] corrupt(byte[] json) {
        byte[] out = json.clone();
        if (out.length == 0) return new byte[] {CONTROL};
        for (int at : new int[] {0, out.length / 4, out.length / 2, out.length * 3 / 4}) out[at] = CONTROL;
        return out;
    }

    static byte[] wrongType(byte[] json, String field) {
        String text = new String(json, StandardCharsets.UTF_8);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '"') {
                i++;
                continue;
            }
            int close = endOfString(text, i);
            if (close < 0) return json;
            int colon = skipSpace(text, close + 1);
            if (colon < text.length() && text.charAt(colon) == ':' && text.substring(i + 1, close).equals(field)) {
                int start = skipSpace(text, colon + 1);
                int end = endOfValue(text, start);
                if (end < 0) return json;
                String value = text.substring(start, end);
                ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 16);
                out.writeBytes(text.substring(0, start).getBytes(StandardCharsets.UTF_8));
                out.writeBytes(replacement(value).getBytes(StandardCharsets.UTF_8));
                out.writeBytes(text.substring(end).getBytes(StandardCharsets.UTF_8));
                return out.toByteArray();
            }
            i = close + 1;
        }
        return json;
    }

    private static String replacement(String value) {
        char c = value.isEmpty() ? ' ' : value.charAt(0);
        if (c == '"') return "42";
        if (c == '[' || c == '{') return "\"wrong type (assay proxy)\"";
        return "\"" + value + "\"";
    }

    /** Index of the quote that closes the string opening at {@code open}, or -1. */
    private static int endOfString(String s, int open) {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') i++;
            else if (c == '"') return i;
        }
        return -1;
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** Index just past the JSON value starting at {@code start}, or -1 if it does not end. */
    private static int endOfValue(String s, int start) {
        if (start >= s.length()) return -1;
        char c = s.charAt(start);
        if (c == '"') {
            int close = endOfString(s, start);
            return close < 0 ? -1 : close + 1;
        }
        if (c == '[' || c == '{') {
            int depth = 0;
            for (int i = start; i < s.length(); i++) {
                char d = s.charAt(i);
                if (d == '"') {
                    i = endOfString(s, i);
                    if (i < 0) return -1;
                } else if (d == '[' || d == '{') {
                    depth++;
                } else if ((d == ']' || d == '}') && --depth == 0) {
                    return i + 1;
                }
            }
            return -1;
        }
        int i = start;
        while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) i++;
        return i;
    }
}
