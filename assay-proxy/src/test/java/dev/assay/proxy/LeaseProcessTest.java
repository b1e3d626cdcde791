package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.Jvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
    void toxicWithTtlTwoIsGoneAfterTwoToThreeSeconds() throws Exception {
        var r = Wire.call(proxy, "POST", "/proxies/p/toxics", "{\"name\":\"brief\",\"type\":\"latency\",\"ttl\":2,\"attributes\":{\"latency\":5}}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ttl\":2.0");
        long t0 = System.nanoTime();
        Thread.sleep(1800);
        assertThat(toxics()).containsExactly("brief");
        while (!toxics().isEmpty() && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(20);
        double gone = (System.nanoTime() - t0) / 1e9;
        assertThat(toxics()).isEmpty();
        assertThat(gone).isBetween(1.9, 3.0);
    }

    @Test
    void sigkilledLeaseHolderLeavesNoFaultOnceItsLeaseExpires() throws Exception {
        Process child = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), LeaseHolderMain.class.getName(),
                String.valueOf(proxy.apiAddress().getPort()), "p", "2").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).startsWith("READY");
            Thread.sleep(3000);
            assertThat(toxics()).as("renewals keep the fault alive past one TTL").containsExactly("held");
            child.destroyForcibly();
            assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime();
            while (!toxics().isEmpty() && System.nanoTime() - killed < 5_000_000_000L) Thread.sleep(20);
            double gone = (System.nanoTime() - killed) / 1e9;
            assertThat(toxics()).isEmpty();
            assertThat(gone).as("seconds from SIGKILL to fault removal").isLessThanOrEqualTo(2.2);
        } finally {
            child.destroyForcibly();
        }
    }
}
