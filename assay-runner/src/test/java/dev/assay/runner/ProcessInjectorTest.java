package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessInjectorTest {
    @TempDir
    Path leases;

    private ChildService service;
    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void start() throws Exception {
        service = ChildService.start();
    }

    @AfterEach
    void stop() throws Exception {
        service.close();
    }

    private ProcessInjector injector() {
        return ProcessInjector.create(Map.of("shop", "pid:" + service.pid()), leases, clock);
    }

    private static Fault pause(long ms) {
        return Fault.of(FaultType.PAUSE, "shop", Magnitude.of("durationMs", ms));
    }

    @Test
    void pauseStopsTheProcessAndRemoveResumesIt() throws Exception {
        ProcessInjector injector = injector();
        Injector.AppliedFault f = injector.apply(pause(60_000), Magnitude.of("durationMs", 60_000), new Lease("l1", clock.instant().plusSeconds(30)));
        assertThat(service.stopped()).isTrue();
        assertThat(injector.gone("shop", "l1")).isFalse();
        injector.remove(f);
        assertThat(service.stopped()).isFalse();
        assertThat(injector.gone("shop", "l1")).isTrue();
    }

    @Test
    void anUnrenewedLeaseResumesThePausedProcessWithoutTheRunner() throws Exception {
        injector().apply(pause(60_000), Magnitude.of("durationMs", 60_000), new Lease("l2", clock.instant().plusMillis(2000)));
        assertThat(service.stopped()).isTrue();
        assertThat(waitUntilRunning(Duration.ofSeconds(8))).as("resumed by the watchdog when the lease expired").isTrue();
    }

    @Test
    void renewingTheLeaseKeepsTheProcessPaused() throws Exception {
        ProcessInjector injector = injector();
        Injector.AppliedFault f = injector.apply(pause(60_000), Magnitude.of("durationMs", 60_000), new Lease("l3", clock.instant().plusMillis(1500)));
        for (int i = 0; i < 10; i++) {
            Thread.sleep(300);
            injector.renew(f, new Lease("l3", clock.instant().plusMillis(1500)));
        }
        assertThat(service.stopped()).as("still paused 3 s into a renewed 1.5 s lease").isTrue();
        assertThat(waitUntilRunning(Duration.ofSeconds(8))).isTrue();
    }

    @Test
    void aPauseEndsAfterItsDurationEvenWhileTheLeaseIsRenewed() throws Exception {
        injector().apply(pause(300), Magnitude.of("durationMs", 300), new Lease("l4", clock.instant().plusSeconds(30)));
        assertThat(waitUntilRunning(Duration.ofSeconds(3))).isTrue();
    }

    @Test
    void killTerminatesTheProcess() throws Exception {
        injector().apply(Fault.of(FaultType.KILL, "shop", Magnitude.NONE), Magnitude.NONE, new Lease("l5", clock.instant().plusSeconds(5)));
        assertThat(service.process.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTargetMatchingNoProcessIsRefused() {
        ProcessInjector injector = ProcessInjector.create(Map.of(), leases, clock);
        assertThatThrownBy(() -> injector.apply(Fault.of(FaultType.PAUSE, "cmd:no-such-process-[0-9]{40}", Magnitude.of("durationMs", 100)),
                Magnitude.of("durationMs", 100), new Lease("l6", Instant.now().plusSeconds(1)))).isInstanceOf(RunnerException.class)
                .hasMessageContaining("no process matches");
    }

    @Test
    void aCommandPatternFindsTheProcess() {
        ProcessInjector injector = ProcessInjector.create(Map.of(), leases, clock);
        assertThat(injector.resolve("cmd:LoopbackServiceMain " + service.port)).containsExactly(service.pid());
    }

    private boolean waitUntilRunning(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.stopped()) return true;
            Thread.sleep(20);
        }
        return false;
    }
}
