package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.proxy.ToxicSpec;
import dev.assay.spi.Reading;
import dev.assay.testkit.Jvm;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shop behind Assay's real fault proxy: faults on a proxy show up in the journeys' SLIs, and close leaves nothing. */
class DemoStackTest {
    static DemoStack start() {
        return DemoStack.start(Optional.empty(), 60, Clock.systemUTC(), Shop.builder().javaBinary(Jvm.javaBinary()).classPath(Jvm.classPath()));
    }

    static double value(Reading r) {
        assertThat(r).isInstanceOf(Reading.Known.class);
        return ((Reading.Known) r).value();
    }

    /** A fresh JVM on a busy machine needs a few seconds of JIT warm-up before the shop answers in time. */
    static void awaitSteadyState(LoadGenerator load) throws InterruptedException {
        long deadline = System.nanoTime() + dev.assay.testkit.ChildJvms.GENEROUS.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            if (load.read("checkout.errors.rate", Duration.ofSeconds(2)) instanceof Reading.Known k && k.value() == 0 && k.samples() > 10) return;
        }
        throw new AssertionError("the shop did not reach a steady state (no checkout errors for 2 s) within " + dev.assay.testkit.ChildJvms.GENEROUS);
    }

    @Test
    void everyCalleeIsReachedThroughItsProxyAndAProxyLatencyFaultFailsCheckout() throws Exception {
        try (DemoStack stack = start()) {
            assertThat(stack.proxyAddresses().keySet()).containsExactlyInAnyOrder("catalog", "recommendations", "cart", "cart-db",
                    "checkout", "inventory", "payment", "shipping", "email", "assistant", "llm");
            assertThat(stack.proxy().proxies()).filteredOn(p -> DemoStack.HTTP_MODE.contains(p.spec().name())).extracting(p -> p.spec().mode())
                    .as("the AI-API faults and per-request error shares need the streaming HTTP mode")
                    .containsExactly(dev.assay.proxy.ProxySpec.Mode.HTTP, dev.assay.proxy.ProxySpec.Mode.HTTP, dev.assay.proxy.ProxySpec.Mode.HTTP,
                            dev.assay.proxy.ProxySpec.Mode.HTTP);
            stack.proxyAddresses().forEach((service, address) -> assertThat(stack.shop().route(service)).isEqualTo(address));
            awaitSteadyState(stack.load());
            stack.proxy().addToxic("inventory", ToxicSpec.of("http_delay", ToxicSpec.Stream.DOWNSTREAM, Map.of("delay", 400))
                    .withTtl(dev.assay.testkit.ChildJvms.GENEROUS));
            dev.assay.testkit.ChildJvms.await(() -> stack.load().read("checkout.errors.rate", Duration.ofSeconds(2)) instanceof Reading.Known k
                    && k.value() > 0.9, dev.assay.testkit.ChildJvms.GENEROUS, () -> "checkout never failed: " + stack.load().read("checkout.errors.rate", Duration.ofSeconds(2)));
            assertThat(value(stack.load().read("browse.errors.rate", Duration.ofSeconds(2)))).isEqualTo(0.0);
        }
    }

    @Test
    void closingStopsTheProxiesTheServicesAndTheChildProcess() throws Exception {
        DemoStack stack = start();
        ProcessHandle email = stack.shop().process("email").orElseThrow();
        var proxies = stack.proxyAddresses().values();
        var api = stack.proxy().apiAddress();
        stack.close();
        email.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
        for (var a : proxies) {
            try (Socket s = new Socket()) {
                s.connect(a, 500);
                throw new AssertionError("a proxy still listens on " + a);
            } catch (ConnectException expected) {
                // nothing listening: good
            }
        }
        try (Socket s = new Socket()) {
            s.connect(api, 500);
            throw new AssertionError("the proxy API still listens on " + api);
        } catch (ConnectException expected) {
            // good
        }
    }
}
