package dev.assay.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a user's file as UTF-8 text, never more than a limit of it (a 10 MB file is refused after reading
 * {@code limit + 1} bytes, not parsed), and reports bytes that are not UTF-8 at their {@code line:column}
 * with the byte and its offset.
 */
final class Text {
    private Text() {
    }

    static Optional<String> read(Path path, int limit, Problems problems) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(limit + 1);
        } catch (NoSuchFileException e) {
            problems.add(Position.UNKNOWN, "", "no such file; check the path");
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Position.UNKNOWN, "", "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "); check the path and its permissions");
            return Optional.empty();
        }
        if (bytes.length > limit) {
            long size = size(path);
            problems.add(new Position(1, 1), "", tooLarge(Trees.isJsonName(problems.file()) ? "JSON" : "YAML", size, limit));
            return Optional.empty();
        }
        return decode(bytes, problems);
    }

    /** Decodes strict UTF-8; the first invalid byte is one problem at its line and column. */
    static Optional<String> decode(byte[] bytes, Problems problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) r = decoder.flush(out);
        if (r.isError()) {
            int offset = in.position();
            out.flip();
            problems.add(position(out), "", String.format(Locale.ROOT, "not valid UTF-8 (byte 0x%02X at offset %d); save the file as UTF-8",
                    bytes[offset] & 0xff, offset));
            return Optional.empty();
        }
        out.flip();
        return Optional.of(out.toString());
    }

    /** The 1-based line and column just after {@code before} (the text decoded so far). */
    private static Position position(CharSequence before) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < before.length(); i++) {
            if (before.charAt(i) == '\n') {
                line++;
                column = 1;
            } else if (!Character.isLowSurrogate(before.charAt(i))) {
                column++;
            }
        }
        return new Position(line, column);
    }

    static String tooLarge(String syntax, long size, int limit) {
        String is = size > 0 ? "is " + megabytes(size) : "is larger than " + megabytes(limit);
        return "the file " + is + "; Assay reads " + syntax + " files up to " + megabytes(limit)
                + " (the limit, so a wrong file cannot stall the command). Check that this is the file you meant"
                + (syntax.equals("YAML") ? ", or write a large topology as JSON (up to " + megabytes(Trees.MAX_JSON_BYTES) + ")" : "");
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
