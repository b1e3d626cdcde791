package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.proxy.ToxicSpec.Stream;
import dev.assay.spi.Lease;
import dev.assay.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lease its owner is done with is not an expiry: WARNING only when an unrenewed lease takes faults with it. */
class LeaseLoggingTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Engine engine;
    private LogCapture log;

    @BeforeEach
    void start() {
        log = new LogCapture(Engine.class);
        engine = (Engine) FaultProxy.builder().apiListen("127.0.0.1:0").clock(clock).build();
        engine.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379"));
    }

    @AfterEach
    void stop() {
        engine.close();
        log.close();
    }

    private Lease leasedToxic(String name) {
        Lease lease = engine.createLease(Duration.ofSeconds(5));
        engine.addToxic("p", new ToxicSpec(name, "latency", Stream.DOWNSTREAM, 1, Map.of("latency", 10), Optional.empty(), Optional.of(lease.id())));
        return lease;
    }

    @Test
    void aCleanRollbackThenTheLeaseLapsingLogsNoWarning() {
        Lease lease = leasedToxic("t");
        engine.removeToxic("p", "t"); // the runner's rollback: DELETE /proxies/p/toxics/t
        clock.advance(Duration.ofSeconds(6));
        engine.sweep();
        assertThat(log.containing("expired")).isEmpty();
        assertThat(log.containing("lease " + lease.id())).filteredOn(l -> l.level().intValue() >= Level.WARNING.intValue()).isEmpty();
        assertThat(log.containing("lease " + lease.id() + " ended")).singleElement().satisfies(l -> assertThat(l.level()).isEqualTo(Level.FINE));
    }

    @Test
    void releasingALeaseRemovesItsFaultsAndLogsInfo() throws Exception {
        Lease lease = leasedToxic("t");
        assertThat(Wire.call(engine, "DELETE", "/leases/" + lease.id(), null).statusCode()).isEqualTo(204);
        assertThat(engine.proxy("p").orElseThrow().toxics()).isEmpty();
        assertThat(log.containing("lease " + lease.id() + " released by its owner; removed p/t")).singleElement()
                .satisfies(l -> assertThat(l.level()).isEqualTo(Level.INFO));
        clock.advance(Duration.ofSeconds(6));
        engine.sweep();
        assertThat(log.lines).noneMatch(l -> l.level() == Level.WARNING);
        assertThat(Wire.call(engine, "DELETE", "/leases/" + lease.id(), null).statusCode()).isEqualTo(404);
    }

    @Test
    void aRealExpiryWithFaultsStillOnItIsAWarning() {
        Lease lease = leasedToxic("t");
        clock.advance(Duration.ofSeconds(6));
        assertThat(engine.sweep()).containsExactly("p/t");
        assertThat(log.containing("lease " + lease.id() + " expired at")).singleElement().satisfies(l -> {
            assertThat(l.level()).isEqualTo(Level.WARNING);
            assertThat(l.message()).contains("without renewal").contains("p/t");
        });
    }
}
