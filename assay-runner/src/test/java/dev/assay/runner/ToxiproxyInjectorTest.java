package dev.assay.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import dev.assay.spi.Lease;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToxiproxyInjectorTest {
    @Test
    void latencyOnATcpProxyIsALatencyToxicWithTheScopeAsToxicity() {
        ObjectNode t = ToxiproxyInjector.toxic(new Fault(FaultType.LATENCY, "db", List.of(Magnitude.of("delayMs", 500)), Scope.percent(10)),
                new Magnitude(Map.of("delayMs", 500.0, "jitterMs", 20.0)), false);
        assertThat(t.get("type").asText()).isEqualTo("latency");
        assertThat(t.get("toxicity").asDouble()).isEqualTo(0.1);
        assertThat(t.get("attributes").get("latency").asLong()).isEqualTo(500);
        assertThat(t.get("attributes").get("jitter").asLong()).isEqualTo(20);
    }

    @Test
    void latencyOnAnHttpProxyIsAnHttpDelayOnAPercentOfRequests() {
        ObjectNode t = ToxiproxyInjector.toxic(new Fault(FaultType.LATENCY, "api", List.of(Magnitude.of("delayMs", 300)),
                new Scope(25, Optional.of("GET"), Optional.of("/cart"))), Magnitude.of("delayMs", 300), true);
        assertThat(t.get("type").asText()).isEqualTo("http_delay");
        assertThat(t.get("attributes").get("percent").asDouble()).isEqualTo(25);
        assertThat(t.get("attributes").get("method").asText()).isEqualTo("GET");
        assertThat(t.get("attributes").get("path_prefix").asText()).isEqualTo("/cart");
    }

    @Test
    void errorsAreHttpErrorsWithTheirStatus() {
        ObjectNode t = ToxiproxyInjector.toxic(Fault.of(FaultType.ERROR, "api", Magnitude.of("status", 502)), Magnitude.of("status", 502), true);
        assertThat(t.get("type").asText()).isEqualTo("http_error");
        assertThat(t.get("attributes").get("status").asLong()).isEqualTo(502);
    }

    @Test
    void processFaultsAreNotTheProxysJob() {
        assertThatThrownBy(() -> ToxiproxyInjector.toxic(Fault.of(FaultType.KILL, "api", Magnitude.NONE), Magnitude.NONE, false))
                .isInstanceOf(RunnerException.class).hasMessageContaining("process injector");
    }

    @Test
    void anUnreachableProxyFailsTheApplyWithItsAddress() {
        ToxiproxyInjector injector = ToxiproxyInjector.create(URI.create("http://127.0.0.1:" + dev.assay.testkit.FreePorts.next()), Clock.systemUTC());
        assertThatThrownBy(() -> injector.apply(Fault.of(FaultType.LATENCY, "api", Magnitude.of("delayMs", 1)), Magnitude.of("delayMs", 1),
                new Lease("l", Instant.now().plusSeconds(5)))).isInstanceOf(RunnerException.class).hasMessageContaining("cannot reach the fault proxy");
    }
}
