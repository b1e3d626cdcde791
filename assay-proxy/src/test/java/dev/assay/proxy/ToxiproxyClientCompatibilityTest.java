package dev.assay.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Toxiproxy Java client (eu.rekawek.toxiproxy) drives every endpoint of Assay's proxy. */
class ToxiproxyClientCompatibilityTest {
    private EchoUpstream upstream;
    private FaultProxy proxy;
    private ToxiproxyClient client;

    @BeforeEach
    void start() throws IOException {
        upstream = new EchoUpstream();
        proxy = FaultProxy.builder().apiListen("127.0.0.1:0").build();
        client = new ToxiproxyClient("127.0.0.1", proxy.apiAddress().getPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        upstream.close();
    }

    @Test
    void versionAnswersLikeToxiproxy() throws IOException {
        assertThat(client.version()).contains("\"version\"").contains(FaultProxy.VERSION);
    }

    @Test
    void createsListsShowsAndDeletesProxies() throws IOException {
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream.address());
        assertThat(p.getName()).isEqualTo("echo");
        assertThat(p.getUpstream()).isEqualTo(upstream.address());
        assertThat(p.isEnabled()).isTrue();
        assertThat(p.getListen()).doesNotEndWith(":0");
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("echo");
        assertThat(client.getProxy("echo").getListen()).isEqualTo(p.getListen());
        try (Socket s = Wire.connect(p.getListen())) {
            Wire.echoRoundTrip(s);
        }
        p.delete();
        assertThat(client.getProxyOrNull("echo")).isNull();
        assertThatThrownBy(() -> client.getProxy("echo")).isInstanceOf(IOException.class).hasMessageContaining("[404]");
    }

    @Test
    void duplicateProxyIsAConflict() throws IOException {
        client.createProxy("echo", "127.0.0.1:0", upstream.address());
        assertThatThrownBy(() -> client.createProxy("echo", "127.0.0.1:0", upstream.address()))
                .isInstanceOf(IOException.class).hasMessageContaining("[409]");
    }

    @Test
    void disabledProxyRefusesConnectionsAndEnableRestoresIt() throws IOException {
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream.address());
        String listen = p.getListen();
        p.disable();
        assertThat(p.isEnabled()).isFalse();
        assertThatThrownBy(() -> Wire.connect(listen).close()).isInstanceOf(ConnectException.class);
        p.enable();
        try (Socket s = Wire.connect(listen)) {
            Wire.echoRoundTrip(s);
        }
    }

    @Test
    void toxicsAreAddedShownUpdatedListedAndRemoved() throws IOException {
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream.address());
        Latency latency = p.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 30).setJitter(5);
        assertThat(latency.getLatency()).isEqualTo(30);
        latency.setLatency(40);
        Latency shown = (Latency) p.toxics().get("slow");
        assertThat(shown.getLatency()).isEqualTo(40);
        assertThat(shown.getJitter()).isEqualTo(5);
        assertThat(shown.getStream()).isEqualTo(ToxicDirection.DOWNSTREAM);
        p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
        p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
        p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0).setToxicity(0f);
        p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 10, 1);
        p.toxics().limitData("ld", ToxicDirection.UPSTREAM, 1_000_000);
        p.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 0).setToxicity(0f);
        assertThat(p.toxics().getAll()).extracting(t -> t.getName()).containsExactly("slow", "bw", "sc", "to", "sl", "ld", "rp");
        assertThat(p.toxics().get("to").getToxicity()).isZero();
        shown.remove();
        assertThat(p.toxics().getAll()).extracting(t -> t.getName()).doesNotContain("slow");
        assertThatThrownBy(() -> p.toxics().get("slow")).isInstanceOf(IOException.class).hasMessageContaining("[404]");
    }

    @Test
    void resetRemovesToxicsAndEnablesProxies() throws IOException {
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream.address());
        p.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 1000);
        p.disable();
        client.reset();
        Proxy after = client.getProxy("echo");
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.toxics().getAll()).isEmpty();
    }

    @Test
    void latencyToxicAddsTheConfiguredDelayAndRemovingItRestoresTheBaseline() throws IOException {
        Proxy p = client.createProxy("echo", "127.0.0.1:0", upstream.address());
        try (Socket s = Wire.connect(p.getListen())) {
            long baseline = fastestRoundTrip(s, 30);
            Latency l = p.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 50);
            long slowed = fastestRoundTrip(s, 20);
            assertThat((slowed - baseline) / 1e6).isBetween(45.0, 55.0);
            l.remove();
            long restored = fastestRoundTrip(s, 30);
            assertThat((restored - baseline) / 1e6).isBetween(-5.0, 5.0);
        }
    }

    /** The fastest of {@code n} round trips: a loaded machine only adds time, so the fastest is the one the toxic shaped. */
    private static long fastestRoundTrip(Socket s, int n) throws IOException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) best = Math.min(best, Wire.echoRoundTrip(s));
        return best;
    }
}
