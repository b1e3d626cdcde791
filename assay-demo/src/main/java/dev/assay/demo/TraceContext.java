package dev.assay.demo;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * W3C trace context of one span: 16-byte trace id and 8-byte span id, carried between services in the
 * {@code traceparent} header ({@code 00-<trace>-<span>-01}).
 */
record TraceContext(byte[] traceId, byte[] spanId) {
    static final String HEADER = "traceparent";
    private static final HexFormat HEX = HexFormat.of();

    TraceContext {
        if (traceId.length != 16 || spanId.length != 8) throw new IllegalArgumentException("trace id 16 bytes, span id 8 bytes");
    }

    static TraceContext newTrace() {
        return new TraceContext(randomBytes(16), randomBytes(8));
    }

    /** A new span in the same trace. */
    TraceContext child() {
        return new TraceContext(traceId, randomBytes(8));
    }

    String header() {
        return "00-" + HEX.formatHex(traceId) + "-" + HEX.formatHex(spanId) + "-01";
    }

    /** Parses a {@code traceparent} header; empty when absent or malformed (the callee then starts a new trace). */
    static Optional<TraceContext> parse(String header) {
        if (header == null) return Optional.empty();
        String[] parts = header.trim().split("-");
        if (parts.length != 4 || parts[1].length() != 32 || parts[2].length() != 16) return Optional.empty();
        try {
            return Optional.of(new TraceContext(HEX.parseHex(parts[1]), HEX.parseHex(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        do {
            ThreadLocalRandom.current().nextBytes(b);
        } while (allZero(b));
        return b;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}
