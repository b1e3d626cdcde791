package dev.assay.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.CompletableFuture;

/**
 * Holds what an HTTP-mode proxy sends a new client until that client's caller is named ({@link Callers}): the
 * request is read and forwarded at once, so the caller lookup runs while the upstream answers instead of before,
 * and the client, waiting for its response, still holds its socket while it is looked up (a short-lived client of
 * a service is named as before). Writes pass; flushes, and a close asked for meanwhile, wait; when the caller is
 * known (or the lookup gave up: unknown) the gate flushes what it held, closes if asked, and leaves the pipeline.
 * Only connections whose caller is not known at accept get one.
 */
final class ResponseGate extends ChannelDuplexHandler {
    private boolean flushHeld;
    private ChannelPromise closeHeld;
    private boolean open;

    private ResponseGate() {
    }

    /** Gates {@code ch}'s output on {@code caller}, unless it is known already. Call on {@code ch}'s event loop. */
    static void install(Channel ch, CompletableFuture<String> caller) {
        if (caller.isDone()) return;
        ResponseGate gate = new ResponseGate();
        ch.pipeline().addFirst(gate);
        caller.whenComplete((c, e) -> ch.eventLoop().execute(gate::release));
    }

    private ChannelHandlerContext ctx;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    private void release() {
        if (open) return;
        open = true;
        if (ctx.isRemoved()) return;
        ChannelPromise close = closeHeld;
        closeHeld = null;
        if (flushHeld) ctx.flush();
        if (close != null) ctx.close(close);
        else if (!ctx.isRemoved()) ctx.pipeline().remove(this);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (open) ctx.flush();
        else flushHeld = true;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (open || !ctx.channel().isActive()) {
            ctx.close(promise);
        } else if (closeHeld == null) {
            closeHeld = promise;
        } else {
            closeHeld.addListener(f -> promise.trySuccess());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        open = true; // the client went away: nothing to hold any more
        ChannelPromise close = closeHeld;
        closeHeld = null;
        if (close != null) close.trySuccess();
        ctx.fireChannelInactive();
    }
}
