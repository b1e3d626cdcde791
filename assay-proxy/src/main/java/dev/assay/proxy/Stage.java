package dev.assay.proxy;

import io.netty.buffer.ByteBuf;

/**
 * One step of a direction's toxic chain on one connection (Toxiproxy's ToxicStub). Data and the end of the
 * stream ({@link #close()}) flow through the chain in order. All calls happen on the connection's event loop,
 * so stages need no locks. A stage removed at run time {@linkplain #detach() hands over} what it holds.
 */
abstract class Stage {
    final Link link;
    Stage next;

    Stage(Link link) {
        this.link = link;
    }

    /** A chunk that entered the proxy at {@code arrivalNanos} ({@link System#nanoTime()}). Takes ownership. */
    abstract void data(ByteBuf chunk, long arrivalNanos);

    /** The source ended; pass it on after any data this stage still holds. */
    void close() {
        next.close();
    }

    /** The toxic was removed: give held data to {@link #next} now (never drop it) and stop any timers. */
    void detach() {
    }

    /** A toxic that did not roll its toxicity on this connection: passes everything through. */
    static final class Pass extends Stage {
        Pass(Link link) {
            super(link);
        }

        @Override
        void data(ByteBuf chunk, long arrivalNanos) {
            next.data(chunk, arrivalNanos);
        }
    }
}
