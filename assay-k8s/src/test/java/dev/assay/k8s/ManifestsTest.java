package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.format.SystemFormat;
import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The manifests for running Assay in a cluster: least privilege, one binding per target namespace, a config that parses. */
class ManifestsTest {
    private static final Manifests.Settings SETTINGS = new Manifests.Settings("assay", "assay:test", List.of("shop", "ops"),
            Manifests.defaultSystemYaml(List.of("shop", "ops")));

    @Test
    void theYamlStreamHoldsEveryObjectAndReadsBack() {
        String yaml = Manifests.yaml(SETTINGS);
        List<HasMetadata> read = new KubernetesSerialization().unmarshal(yaml);
        assertThat(read).extracting(o -> o.getKind() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getNamespace())
                .containsExactly("ServiceAccount/assay@assay", "ClusterRole/assay-chaos@null", "RoleBinding/assay-chaos@shop",
                        "RoleBinding/assay-chaos@ops", "ConfigMap/assay-config@assay", "Deployment/assay@assay");
    }

    @Test
    void theRoleOnlyCreatesAndDeletesTheChaosMeshKindsAssayCreatesAndOnlyReadsTheRest() {
        ClusterRole role = (ClusterRole) Manifests.objects(SETTINGS).get(1);
        List<String> plurals = Arrays.stream(ChaosKind.values()).map(ChaosKind::plural).toList();
        for (PolicyRule rule : role.getRules()) {
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getVerbs()).doesNotContain("*", "update", "patch", "deletecollection", "escalate", "bind", "impersonate");
            if (rule.getApiGroups().equals(List.of("chaos-mesh.org"))) {
                assertThat(rule.getResources()).containsExactlyInAnyOrderElementsOf(plurals);
                assertThat(rule.getVerbs()).containsExactlyInAnyOrder("create", "get", "list", "watch", "delete");
            } else {
                assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch");
                assertThat(rule.getResources()).isSubsetOf("services", "pods", "deployments");
            }
        }
    }

    @Test
    void theDefaultConfigMapIsAKubernetesSystemThatParses() {
        SystemConfig system = SystemFormat.parse("assay.yaml", Manifests.defaultSystemYaml(List.of("shop", "ops")));
        assertThat(system.source(TelemetrySourceConfig.Kind.KUBERNETES)).hasValueSatisfying(t -> {
            assertThat(t.address()).isEqualTo("kubeconfig");
            assertThat(t.options()).isEqualTo(Map.of("namespaces", "shop,ops"));
        });
        assertThat(system.injectors()).singleElement().satisfies(i -> {
            assertThat(i.type()).isEqualTo("kubernetes");
            assertThat(i.options()).containsEntry("namespaces", "shop,ops");
        });
    }

    @Test
    void theDeploymentRunsServeAsANonRootUserWithTheConfigMapMounted() {
        String yaml = Manifests.yaml(SETTINGS);
        assertThat(yaml).contains("serviceAccountName: \"assay\"").contains("runAsNonRoot: true").contains("readOnlyRootFilesystem: true")
                .contains("- \"serve\"").contains("name: \"assay-config\"").contains("replicas: 1");
    }
}
