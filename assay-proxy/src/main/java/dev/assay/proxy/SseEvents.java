package dev.assay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/** Server-sent events on the wire: where one ends (a blank line) and rewriting the {@code data:} lines of one. */
final class SseEvents {
    private SseEvents() {
    }

    /** Bytes from the reader index up to and including the blank line that ends the first event, or -1. */
    static int endOfEvent(ByteBuf b) {
        int from = b.readerIndex();
        int to = b.writerIndex();
        for (int i = from; i < to - 1; i++) {
            if (b.getByte(i) != '\n') continue;
            byte n = b.getByte(i + 1);
            if (n == '\n') return i + 2 - from;
            if (n == '\r' && i + 2 < to && b.getByte(i + 2) == '\n') return i + 3 - from;
        }
        return -1;
    }

    /**
     * The event with each {@code data:} line's payload passed through {@code rewrite} ({@code [DONE]} and empty
     * payloads are left alone). Takes ownership of {@code event}.
     */
    static ByteBuf rewriteData(ByteBuf event, UnaryOperator<byte[]> rewrite) {
        String text = event.toString(StandardCharsets.UTF_8);
        event.release();
        StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            int nl = text.indexOf('\n', i);
            int end = nl < 0 ? text.length() : nl + 1;
            String line = text.substring(i, end);
            String body = line.stripTrailing();
            if (body.startsWith("data:")) {
                String payload = body.substring(5).stripLeading();
                if (!payload.isEmpty() && !payload.equals("[DONE]")) {
                    byte[] changed = rewrite.apply(payload.getBytes(StandardCharsets.UTF_8));
                    line = "data: " + new String(changed, StandardCharsets.UTF_8)
                            + line.substring(body.length());
                }
            }
            out.append(line);
            i = end;
        }
        return Unpooled.copiedBuffer(out, StandardCharsets.UTF_8);
    }
}
