package dev.assay.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One direction of one connection: bytes read from {@code source} pass through the toxic chain of
 * {@code stream} and are written to {@code destination}. Runs on the connection's event loop only.
 */
final class Link {
    /** Above this many bytes held by toxics, reading from the source pauses (Toxiproxy's bounded buffers). */
    private static final long HIGH_WATER = 4L << 20;
    private static final long LOW_WATER = 1L << 20;

    private final TcpConnection connection;
    private final ToxicSpec.Stream stream;
    final Channel source;
    final Channel destination;
    private final Sink sink = new Sink();
    private Map<ActiveToxic, Stage> stages = new IdentityHashMap<>();
    private List<Stage> chain = List.of();
    private Stage head = sink;
    private long held;
    private boolean dirty;
    private boolean closed;
    private boolean sourceEnded;
    private IdleSweep.Entry sourceIdle;
    private IdleSweep.Entry destinationIdle;

    Link(TcpConnection connection, ToxicSpec.Stream stream, Channel source, Channel destination) {
        this.connection = connection;
        this.stream = stream;
        this.source = source;
        this.destination = destination;
    }

    /** The idle watches of this direction's two sides: reading marks the source, writing the destination. */
    void idle(IdleSweep.Entry source, IdleSweep.Entry destination) {
        this.sourceIdle = source;
        this.destinationIdle = destination;
    }

    EventLoop eventLoop() {
        return source.eventLoop();
    }

    /** Rebuilds the chain for the proxy's current toxics: kept toxics keep their state, removed ones hand over. */
    void apply(List<ActiveToxic> toxics) {
        Map<ActiveToxic, Stage> nextStages = new IdentityHashMap<>();
        List<Stage> nextChain = new ArrayList<>();
        for (ActiveToxic t : toxics) {
            if (t.spec().stream() != stream) continue;
            Stage s = stages.get(t);
            if (s == null) s = NetworkToxics.stage(t, this);
            nextStages.put(t, s);
            nextChain.add(s);
        }
        for (int i = 0; i < nextChain.size(); i++) nextChain.get(i).next = i + 1 < nextChain.size() ? nextChain.get(i + 1) : sink;
        head = nextChain.isEmpty() ? sink : nextChain.get(0);
        // A removed stage hands its data to whatever now follows its old position.
        Stage after = sink;
        for (int i = chain.size() - 1; i >= 0; i--) {
            Stage old = chain.get(i);
            if (nextStages.containsValue(old)) {
                after = old;
            } else {
                old.next = after;
                old.detach();
            }
        }
        stages = nextStages;
        chain = nextChain;
    }

    void data(ByteBuf chunk) {
        connection.metrics().bytes(stream, chunk.readableBytes());
        sourceIdle.touch();
        head.data(chunk, System.nanoTime());
    }

    void sourceClosed() {
        if (sourceEnded) return;
        sourceEnded = true;
        head.close();
        flush();
    }

    /** The destination closed completely (not just half-closed): nothing more can be delivered this way. */
    void destinationGone() {
        if (closed) return;
        closed = true;
        dirty = false;
        connection.directionDone();
    }

    void flush() {
        if (dirty) {
            dirty = false;
            destination.flush();
        }
    }

    void hold(int bytes) {
        held += bytes;
        if (held > HIGH_WATER) updateReading();
    }

    void release(int bytes) {
        held -= bytes;
        if (held < LOW_WATER) updateReading();
    }

    /** Reads from the source only while the destination keeps up and the toxics are not holding too much. */
    void updateReading() {
        boolean read = destination.isWritable() && held < HIGH_WATER;
        if (source.config().isAutoRead() != read) source.config().setAutoRead(read);
    }

    /** reset_peer: abort both sides with TCP RST (SO_LINGER 0). */
    void reset() {
        connection.reset();
    }

    /** The end of the chain: writes to the destination, or closes it after what was written. */
    private final class Sink extends Stage {
        Sink() {
            super(null);
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            if (closed) {
                chunk.release();
                return;
            }
            destination.write(chunk, destination.voidPromise());
            destinationIdle.touch();
            dirty = true;
        }

        @Override
        void close() {
            if (closed) return;
            closed = true;
            dirty = false;
            if (!destination.isActive()) {
                connection.directionDone();
                return;
            }
            if (destination instanceof DuplexChannel d && d.isInputShutdown()) {
                // The destination already ended its own stream: nothing more to wait for, close it fully.
                destination.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                    destination.close();
                    connection.directionDone();
                });
                return;
            }
            // Half-close like a TCP peer would: the other direction may still be talking.
            destination.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                if (destination instanceof DuplexChannel d && d.isActive()) {
                    d.shutdownOutput().addListener(x -> {
                        // Both ways are then over once its own FIN comes: let that close the channel at once
                        // (no shutdown of an input the kernel already ended: a failed syscall and an exception).
                        if (x.isSuccess()) d.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
                        connection.directionDone();
                    });
                } else {
                    connection.directionDone();
                }
            });
        }
    }

    static void resetChannel(Channel channel) {
        if (channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }
}
