package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@link ResponseGate} on a real Netty pipeline (an {@link EmbeddedChannel}): what is sent back before the
 * caller is named stays in the channel (not flushed, not closed) and leaves once it is.
 */
class ResponseGateTest {
    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    private static String flushed(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            out.append(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
        return out.toString();
    }

    @Test
    void aResponseWaitsForTheCallersNameThenLeaves() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<String> caller = new CompletableFuture<>();
        ResponseGate.install(ch, caller);
        ch.writeAndFlush(bytes("HTTP/1.1 200 OK\r\n\r\n"));
        ch.runPendingTasks();
        assertThat(flushed(ch)).isEmpty();
        caller.complete("checkout");
        ch.runPendingTasks();
        assertThat(flushed(ch)).isEqualTo("HTTP/1.1 200 OK\r\n\r\n");
        assertThat(ch.pipeline().get(ResponseGate.class)).isNull(); // gone once open: later responses pass as before
        ch.finishAndReleaseAll();
    }

    @Test
    void aCloseAskedForMeanwhileComesAfterTheHeldResponse() {
        EmbeddedChannel ch = new EmbeddedChannel();
        CompletableFuture<String> caller = new CompletableFuture<>();
        ResponseGate.install(ch, caller);
        ch.writeAndFlush(bytes("last answer")).addListener(ChannelFutureListener.CLOSE);
        ch.close();
        ch.runPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        assertThat(flushed(ch)).isEmpty();
        caller.complete(Callers.UNKNOWN); // the lookup gave up: the answer still goes out
        ch.runPendingTasks();
        assertThat(flushed(ch)).isEqualTo("last answer");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aKnownCallerAddsNoGate() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ResponseGate.install(ch, CompletableFuture.completedFuture("checkout"));
        assertThat(ch.pipeline().get(ResponseGate.class)).isNull();
        ch.writeAndFlush(bytes("x"));
        assertThat(flushed(ch)).isEqualTo("x");
        ch.finishAndReleaseAll();
    }
}
