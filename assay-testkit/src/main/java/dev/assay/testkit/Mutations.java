package dev.assay.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Mutations of real input files for fuzz targets: the edits that break parsers in practice (deleted,
 * duplicated or truncated ranges, stray structural characters, hostile numbers and strings, flipped bytes).
 * Deterministic for a given {@link Random}, so jqwik's seed reproduces a failing input.
 */
public final class Mutations {
    /** Fragments that have crashed or stalled parsers: non-finite and huge numbers, anchors, tags, odd Unicode. */
    public static final List<String> HOSTILE = List.of("1e309", "-1e309", "1e9999999999", ".nan", ".inf", "NaN", "-0", "0x1F",
            "123456789012345678901234567890", "-5m", "1e-400", "&a", "*a", "!!binary", "!!python/object", "<<: *a", "---", "...",
            "? ", ": ", "- ", "[", "]", "{", "}", ",", "\"", "'", "|", ">", "#", "%", "@", "`", "\t", "\r\n", "\n", "\u0000",
            "\uFEFF", "\uD83E\uDD84", "\u00e9", "\\u0000", "null", "~", "true", "yes", "[]", "{}", "\"\"", "http://[]", ":[]");

    private Mutations() {
    }

    /** {@code count} random edits of {@code seed}. */
    public static String text(String seed, Random r, int count) {
        StringBuilder b = new StringBuilder(seed);
        for (int i = 0; i < count; i++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.length() + 1);
            int len = b.isEmpty() ? 0 : Math.min(b.length() - Math.min(at, b.length()), 1 + r.nextInt(Math.max(1, b.length() / 8)));
            switch (r.nextInt(7)) {
                case 0 -> b.delete(at, at + len);
                case 1 -> b.insert(at, b.substring(at, at + len));
                case 2 -> b.insert(at, HOSTILE.get(r.nextInt(HOSTILE.size())));
                case 3 -> b.replace(at, at + len, HOSTILE.get(r.nextInt(HOSTILE.size())));
                case 4 -> b.setLength(at);
                case 5 -> b.insert(at, (char) r.nextInt(0x3000));
                default -> replaceANumber(b, r);
            }
        }
        return b.toString();
    }

    /** {@code count} random edits of {@code seed}'s bytes: flips, insertions, deletions, truncation. */
    public static byte[] bytes(byte[] seed, Random r, int count) {
        byte[] b = seed.clone();
        for (int i = 0; i < count; i++) {
            int at = b.length == 0 ? 0 : r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> {
                    if (b.length > 0) b[at] ^= (byte) (1 << r.nextInt(8));
                }
                case 1 -> {
                    if (b.length > 0) b[at] = (byte) r.nextInt(256);
                }
                case 2 -> b = splice(b, at, 0, new byte[] {(byte) r.nextInt(256)});
                case 3 -> b = splice(b, at, Math.min(b.length - at, 1 + r.nextInt(8)), new byte[0]);
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }

    /** Random bytes, sometimes valid UTF-8 text. */
    public static byte[] random(Random r, int maxLength) {
        byte[] b = new byte[r.nextInt(maxLength + 1)];
        r.nextBytes(b);
        return r.nextBoolean() ? b : new String(b, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.UTF_8);
    }

    private static void replaceANumber(StringBuilder b, Random r) {
        int start = -1;
        for (int tries = 0; tries < 20 && start < 0; tries++) {
            int at = b.isEmpty() ? 0 : r.nextInt(b.length());
            if (at < b.length() && Character.isDigit(b.charAt(at))) start = at;
        }
        if (start < 0) return;
        int end = start;
        while (end < b.length() && (Character.isDigit(b.charAt(end)) || b.charAt(end) == '.')) end++;
        b.replace(start, end, HOSTILE.get(r.nextInt(10)));
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }
}
