package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.ChildJvms;
import dev.assay.testkit.Jvm;
import dev.assay.testkit.LeaseExpiries;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real time and a real process: TTLs expire on the scheduler, and a SIGKILLed lease holder leaves no fault. */
class LeaseProcessTest {
    private FaultProxy proxy;

    @BeforeEach
    void start() {
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        proxy.createProxy(ProxySpec.tcp("p", "127.0.0.1:0", "127.0.0.1:6379"));
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    private List<String> toxics() {
        return proxy.proxy("p").orElseThrow().toxics().stream().map(ToxicSpec::name).toList();
    }

    @Test
    void toxicWithTtlTwoStaysTwoSecondsAndIsThenRemovedByTheSweep() throws Exception {
        Instant t0 = Instant.now(); // the proxy's clock (the same system clock) starts the TTL after this
        var r = Wire.call(proxy, "POST", "/proxies/p/toxics", "{\"name\":\"brief\",\"type\":\"latency\",\"ttl\":2,\"attributes\":{\"latency\":5}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ttl\":2.0");
        // Not a stopwatch (a loaded machine runs the sweep and this thread late): the toxic is never seen gone before
        // its 2 s are up, and is seen gone, with a generous deadline, after.
        Instant goneSeen;
        long deadline = System.nanoTime() + ChildJvms.GENEROUS.toNanos();
        while (true) {
            boolean present = !toxics().isEmpty();
            Instant answered = Instant.now();
            if (!present) {
                goneSeen = answered;
                break;
            }
            if (System.nanoTime() > deadline) throw new AssertionError("the 2 s toxic is still there after " + ChildJvms.GENEROUS);
            Thread.sleep(20);
        }
        assertThat(Duration.between(t0, goneSeen)).as("not removed before its TTL, and by a sweep that runs (every 100 ms; 10 s for a loaded machine)")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2)).isLessThan(Duration.ofSeconds(2 + 10));
        assertThat(proxy.metrics()).contains("assay_proxy_toxics_expired_total{proxy=\"p\"} 1");
    }

    @Test
    void sigkilledLeaseHolderLeavesNoFaultOnceItsLeaseExpires() throws Exception {
        Process child = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), LeaseHolderMain.class.getName(),
                String.valueOf(proxy.apiAddress().getPort()), "p", "3").redirectErrorStream(true).start();
        try (LeaseExpiries expiries = LeaseExpiries.record()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("READY");
            String lease = line.substring("READY ".length()).trim();
            Thread.sleep(4500);
            assertThat(toxics()).as("renewals keep the fault alive past one TTL").containsExactly("held");
            Instant killed = Instant.now();
            child.destroyForcibly();
            assertThat(child.waitFor(ChildJvms.GENEROUS.toSeconds(), TimeUnit.SECONDS)).isTrue();
            LeaseExpiries.Expiry e = expiries.await(lease, ChildJvms.GENEROUS);
            assertThat(toxics()).isEmpty();
            assertThat(e.faults()).containsExactly("p/held");
            // The proxy's own clock: the last renewal (sent before the kill, maybe handled after it on a loaded machine)
            // ends the lease at most one 3 s TTL later.
            assertThat(Duration.between(killed, e.expiresAt())).as("lease end after the SIGKILL").isLessThanOrEqualTo(Duration.ofSeconds(3 + 3));
        } finally {
            child.destroyForcibly();
        }
    }
}
