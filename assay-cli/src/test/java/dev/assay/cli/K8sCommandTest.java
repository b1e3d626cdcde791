package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.k8s.ChaosKind;
import dev.assay.k8s.ChaosLeases;
import dev.assay.k8s.KubernetesClients;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code assay k8s}. The reap test runs against fabric8's KubernetesMockServer in CRUD mode (no real API server can
 * run here), told about Chaos Mesh's PodChaos kind; the objects are created directly, as a killed run leaves them.
 */
class K8sCommandTest {
    @TempDir
    Path dir;

    @Test
    void manifestsPrintTheObjectsToRunServeInTheCluster() {
        Cli r = Cli.run("k8s", "manifests", "--target-namespace", "shop", "--image", "registry.example/assay:1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("kind: \"ServiceAccount\"", "kind: \"ClusterRole\"", "kind: \"RoleBinding\"", "kind: \"ConfigMap\"",
                "kind: \"Deployment\"", "image: \"registry.example/assay:1\"", "networkchaos", "kind: kubernetes",
                "kind: \"Secret\"", "path: \"/healthz\"", "- \"--token-file\"");
        assertThat(r.err()).contains("kubectl -n assay get secret assay-token");
    }

    @Test
    void manifestsPutTheGivenTokenInTheSecretAndRefuseAShortOne() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "fedcba9876543210fedcba9876543210\n");
        Cli r = Cli.run("k8s", "manifests", "--target-namespace", "shop", "--token-file", token.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("token: \"fedcba9876543210fedcba9876543210\"");
        Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");
        Cli bad = Cli.run("k8s", "manifests", "--target-namespace", "shop", "--token-file", shortToken.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("at least 16 characters");
        Cli missing = Cli.run("k8s", "manifests", "--target-namespace", "shop", "--token-file", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--token-file").contains("cannot read it");
    }

    @Test
    void manifestsRefuseASystemFileThatDoesNotParse() throws Exception {
        Path bad = Files.writeString(dir.resolve("assay.yaml"), "apiVersion: assay/v1\nkind: System\nmetadata: {name: x}\nspec:\n  telemetry: [{kind: kubernets}]\n");
        Cli r = Cli.run("k8s", "manifests", "--target-namespace", "shop", "--system", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("assay.yaml:5:").contains("unknown telemetry kind 'kubernets'");
    }

    @Test
    void reapDeletesExpiredAssayObjectsOnly() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        server.expectCustomResource(new CustomResourceDefinitionContext.Builder().withGroup("chaos-mesh.org").withVersion("v1alpha1")
                .withKind("PodChaos").withPlural("podchaos").withScope("Namespaced").build());
        String url = "http://" + server.getHostName() + ":" + server.getPort();
        try (KubernetesClient client = KubernetesClients.create(url, Map.of())) {
            var pods = client.genericKubernetesResources("chaos-mesh.org/v1alpha1", "PodChaos").inNamespace("shop");
            pods.resource(object("assay-old", Instant.now().minusSeconds(10))).create();
            pods.resource(object("assay-live", Instant.now().plusSeconds(600))).create();
            Cli r = Cli.run("k8s", "reap", "--server", url, "--namespace", "shop");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("deleted PodChaos shop/assay-old").contains("1 expired object(s) deleted");
            assertThat(pods.list().getItems()).extracting(o -> o.getMetadata().getName()).containsExactly("assay-live");
        } finally {
            server.destroy();
        }
    }

    @Test
    void graphListsTheClustersServicesFromASystemFile() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        String url = "http://" + server.getHostName() + ":" + server.getPort();
        try (KubernetesClient client = KubernetesClients.create(url, Map.of())) {
            for (String name : List.of("checkout", "payments")) {
                client.services().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata().withName(name)
                        .withLabels(Map.of("app.kubernetes.io/name", name)).endMetadata().withNewSpec().withSelector(Map.of("app", name)).endSpec().build()).create();
            }
            Path sys = Files.writeString(dir.resolve("assay.yaml"), "apiVersion: assay/v1\nkind: System\nmetadata: {name: shop}\nspec:\n"
                    + "  telemetry:\n    - {kind: kubernetes, url: \"" + url + "\", namespaces: [shop]}\n");
            Cli r = Cli.run("k8s", "graph", "--system", sys.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"checkout\"").contains("\"payments\"");
            assertThat(r.err()).contains("in the cluster, not yet in any trace: checkout, payments");
        } finally {
            server.destroy();
        }
    }

    @Test
    void reapWithoutASystemOrNamespaceIsAUsageError() {
        Cli r = Cli.run("k8s", "reap");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("give --system FILE, or --namespace NS");
    }

    private static io.fabric8.kubernetes.api.model.GenericKubernetesResource object(String name, Instant expires) {
        return new GenericKubernetesResourceBuilder().withApiVersion(ChaosKind.POD.apiVersion()).withKind(ChaosKind.POD.kind()).withNewMetadata()
                .withName(name).withNamespace("shop").withLabels(Map.of(ChaosLeases.MANAGED_BY, ChaosLeases.ASSAY, ChaosLeases.LEASE, name))
                .withAnnotations(Map.of(ChaosLeases.EXPIRES_AT, expires.toString(), ChaosLeases.LEASE_ID, name)).endMetadata()
                .addToAdditionalProperties("spec", Map.of("action", "pod-kill", "mode", "one", "selector", Map.of("namespaces", List.of("shop")))).build();
    }
}
