package dev.assay.proxy;

import dev.assay.testkit.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.proxy.ToxicSpec.Stream;
import dev.assay.spi.Lease;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TTLs and leases against an injected clock: no sleeping, exact boundaries. */
class LeaseExpiryTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Engine engine;

    @BeforeEach
    void start() {
        engine = (Engine) FaultProxy.builder().apiListen("127.0.0.1:0").clock(clock).build();
        engine.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379"));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static ToxicSpec latency(String name) {
        return new ToxicSpec(name, "latency", Stream.DOWNSTREAM, 1, Map.of("latency", 10), Optional.empty(), Optional.empty());
    }

    private java.util.List<String> toxicNames() {
        return engine.proxy("p").orElseThrow().toxics().stream().map(ToxicSpec::name).toList();
    }

    @Test
    void toxicWithTtlStaysUntilItsTtlThenIsRemoved() {
        engine.addToxic("p", latency("t").withTtl(Duration.ofSeconds(2)));
        clock.advance(Duration.ofMillis(1999));
        assertThat(engine.sweep()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(engine.sweep()).containsExactly("p/t");
        assertThat(toxicNames()).isEmpty();
        assertThat(engine.metrics()).contains("assay_proxy_toxics_expired_total{proxy=\"p\"} 1");
    }

    @Test
    void toxicWithoutTtlOrLeaseStays() {
        engine.addToxic("p", latency("forever"));
        clock.advance(Duration.ofDays(1));
        engine.sweep();
        assertThat(toxicNames()).containsExactly("forever");
    }

    @Test
    void renewedLeaseKeepsItsToxicsAndAnUnrenewedOneRemovesThem() {
        Lease lease = engine.createLease(Duration.ofSeconds(5));
        engine.addToxic("p", latency("held").withLease(lease.id()));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(4));
            engine.renewLease(lease.id(), Optional.empty());
            engine.sweep();
        }
        assertThat(toxicNames()).containsExactly("held");
        clock.advance(Duration.ofSeconds(5));
        assertThat(engine.sweep()).containsExactly("p/held");
        assertThatThrownBy(() -> engine.renewLease(lease.id(), Optional.empty())).isInstanceOf(FaultProxyException.class)
                .hasMessageContaining("already expired");
    }

    @Test
    void toxicCannotHangOnAnUnknownLease() {
        assertThatThrownBy(() -> engine.addToxic("p", latency("x").withLease("no-such-lease")))
                .isInstanceOf(FaultProxyException.class).hasMessageContaining("lease no-such-lease not found");
    }

    @Test
    void renewCanChangeTheTtl() {
        Lease lease = engine.createLease(Duration.ofSeconds(5));
        Lease renewed = engine.renewLease(lease.id(), Optional.of(Duration.ofSeconds(60)));
        assertThat(renewed.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    }
}
