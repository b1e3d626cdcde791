package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.format.SystemFormat;
import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.InvalidInputException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
            Manifests.defaultSystemYaml(List.of("shop", "ops")), "0123456789abcdef0123456789abcdef");

    @Test
    void theYamlStreamHoldsEveryObjectAndReadsBack() {
        String yaml = Manifests.yaml(SETTINGS);
        List<HasMetadata> read = new KubernetesSerialization().unmarshal(yaml);
        assertThat(read).extracting(o -> o.getKind() + "/" + o.getMetadata().getName() + "@" + o.getMetadata().getNamespace())
                .containsExactly("ServiceAccount/assay@assay", "ClusterRole/assay-chaos@null", "RoleBinding/assay-chaos@shop",
                        "RoleBinding/assay-chaos@ops", "ConfigMap/assay-config@assay", "Secret/assay-token@assay", "Deployment/assay@assay", "Service/assay@assay");
    }

    @Test
    void theRoleOnlyCreatesAndDeletesTheChaosMeshKindsAssayCreatesAndOnlyReadsTheRest() {
        ClusterRole role = (ClusterRole) Manifests.objects(SETTINGS).get(1);
        assertThat(role.getRules()).noneMatch(r -> r.getResources().contains("secrets")); // serve reads its token from a file, not the API
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

    @Test
    void serveListensOffLoopbackWithTheSecretsTokenFileAndIsProbedOnHealthz() {
        List<HasMetadata> read = new KubernetesSerialization().unmarshal(Manifests.yaml(SETTINGS));
        Deployment d = (Deployment) read.stream().filter(o -> o instanceof Deployment).findFirst().orElseThrow();
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(c.getArgs()).containsExactly("serve", "--system", "/etc/assay/assay.yaml", "--journal", "/var/lib/assay/journal.db",
                "--listen", "0.0.0.0:8080", "--token-file", "/var/run/secrets/assay/token");
        assertThat(c.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort()).containsExactly("api:8080", "otlp:4318");
        for (var probe : List.of(c.getReadinessProbe(), c.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("api");
        }
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo("token");
            assertThat(m.getMountPath()).isEqualTo("/var/run/secrets/assay");
            assertThat(m.getReadOnly()).isTrue();
        });
        Volume token = d.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getName().equals("token")).findFirst().orElseThrow();
        assertThat(token.getSecret().getSecretName()).isEqualTo("assay-token");
        assertThat(token.getSecret().getDefaultMode()).isEqualTo(0440);
        Secret secret = (Secret) read.stream().filter(o -> o instanceof Secret).findFirst().orElseThrow();
        assertThat(secret.getStringData()).isEqualTo(Map.of("token", "0123456789abcdef0123456789abcdef"));
        assertThat(c.getEnv()).noneMatch(e -> e.getValue() != null && e.getValue().contains("0123456789abcdef")); // never in the pod spec
        assertThat(c.getArgs()).noneMatch(a -> a.contains("0123456789abcdef"));
    }

    @Test
    void aShortTokenIsRefusedAndARandomOneIsLongEnough() {
        assertThatThrownBy(() -> new Manifests.Settings("assay", "assay:test", List.of("shop"), "", "short"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("at least 16 characters");
        assertThat(Manifests.randomToken()).hasSize(32).isNotEqualTo(Manifests.randomToken());
    }
}
