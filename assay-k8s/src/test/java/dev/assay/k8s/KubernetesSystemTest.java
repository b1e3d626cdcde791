package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.format.SystemFormat;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Magnitude;
import dev.assay.model.Safety;
import dev.assay.model.SystemConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code kind: kubernetes} in a system file, and the cluster-free check validate/plan can call. */
class KubernetesSystemTest {
    private static final String SYSTEM = """
            apiVersion: assay/v1
            kind: System
            metadata: {name: shop}
            spec:
              telemetry:
                - {kind: kubernetes, context: prod, namespaces: [shop, ops], serviceLabel: app}
              injectors:
                - {type: kubernetes, url: "https://10.0.0.1:6443", namespaces: [shop], options: {owner: team-a}}
            """;

    @Test
    void kubernetesSourcesAndInjectorsCarryTheirContextAndNamespaces() {
        SystemConfig s = SystemFormat.parse("assay.yaml", SYSTEM);
        assertThat(s.telemetry()).singleElement().satisfies(t -> {
            assertThat(t.address()).isEqualTo("kubeconfig");
            assertThat(t.options()).isEqualTo(Map.of("context", "prod", "namespaces", "shop,ops", "serviceLabel", "app"));
        });
        assertThat(s.injectors()).singleElement().satisfies(i -> {
            assertThat(i.address()).isEqualTo("https://10.0.0.1:6443");
            assertThat(i.options()).isEqualTo(Map.of("namespaces", "shop", "owner", "team-a"));
        });
    }

    @Test
    void kubernetesFieldsOnAnotherKindAreAnErrorWithTheirPosition() {
        String bad = SYSTEM.replace("{kind: kubernetes, context: prod,", "{kind: zipkin, url: \"http://127.0.0.1:9411\", context: prod,");
        assertThatThrownBy(() -> SystemFormat.parse("assay.yaml", bad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("assay.yaml:6:").hasMessageContaining("'context' only applies to a kubernetes source");
    }

    @Test
    void anIntentChaosMeshCannotCarryIsAValidationErrorWithTheReason() {
        SystemConfig s = SystemFormat.parse("assay.yaml", SYSTEM);
        Intent slowClose = intent(Fault.of(FaultType.SLOW_CLOSE, "checkout", Magnitude.of("delayMs", 100)));
        assertThat(KubernetesSystem.check(slowClose, s)).hasValueSatisfying(r ->
                assertThat(r).isEqualTo("intent i1: slow-close is a TCP-stream fault Chaos Mesh has no equivalent for; inject it with the fault proxy (type: proxy)"));
        assertThat(KubernetesSystem.check(intent(Fault.of(FaultType.POD_KILL, "checkout", Magnitude.NONE)), s)).isEmpty();
    }

    private static Intent intent(Fault fault) {
        return new Intent("i1", Optional.empty(), "checkout", "h", fault, List.of(), Optional.empty(), Optional.empty(), Safety.DEFAULTS);
    }
}
