package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link IdleSweep} on a real event loop: a quiet side fires once its timeout passed, an active or cancelled one does not. */
class IdleSweepTest {
    private final EventLoopGroup group = Transport.group(1);
    private final EventLoop loop = group.next();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private IdleSweep.Entry watch(long millis, Runnable onIdle) throws Exception {
        return loop.submit(() -> IdleSweep.watch(loop, millis, onIdle)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aQuietSideFiresAfterItsTimeoutAndAnActiveOneDoesNot() throws Exception {
        CountDownLatch quietFired = new CountDownLatch(1);
        AtomicInteger activeFired = new AtomicInteger();
        long t0 = System.nanoTime();
        watch(200, quietFired::countDown);
        IdleSweep.Entry active = watch(2_000, activeFired::incrementAndGet); // touched every 20 ms: never quiet for 2 s
        var toucher = loop.scheduleAtFixedRate(active::touch, 0, 20, TimeUnit.MILLISECONDS);
        assertThat(quietFired.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat((System.nanoTime() - t0) / 1e6).isGreaterThanOrEqualTo(200.0);
        Thread.sleep(2_500);
        toucher.cancel(false);
        assertThat(activeFired).hasValue(0);
    }

    @Test
    void aCancelledSideNeverFires() throws Exception {
        AtomicInteger fired = new AtomicInteger();
        IdleSweep.Entry e = watch(10, fired::incrementAndGet);
        loop.submit(e::cancel).get(10, TimeUnit.SECONDS);
        Thread.sleep(300);
        assertThat(fired).hasValue(0);
        assertThat(loop.submit(IdleSweep::watched).get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aSideKeptOpenByItsActionIsLookedAtAgainOneTimeoutLater() throws Exception {
        CountDownLatch twice = new CountDownLatch(2);
        watch(100, twice::countDown);
        assertThat(twice.await(30, TimeUnit.SECONDS)).isTrue();
    }
}
