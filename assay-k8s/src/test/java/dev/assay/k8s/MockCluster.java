package dev.assay.k8s;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fabric8 {@link KubernetesMockServer} in CRUD mode on loopback — no real API server can run on these machines.
 * CRUD mode stores and serves objects (with labels, selectors and the status subresource) but runs no controller
 * and no admission: Chaos Mesh's real CRDs are installed into it, and {@link FakeChaosController} plays the Chaos
 * Mesh controller's part by writing status. The seeded cluster: namespace {@code shop} with services checkout (4
 * pods), payments (2 pods) and a Deployment-only worker (1 pod); namespace {@code ops} with billing (1 pod).
 */
final class MockCluster implements AutoCloseable {
    final KubernetesMockServer server;
    final KubernetesClient client;

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = KubernetesClients.create(url(), Map.of("namespaces", "shop"));
    }

    /** A CRUD-mode mock server on {@code port} of 127.0.0.1 (0: any free port), with Chaos Mesh's CRDs installed. */
    static MockCluster start(int port) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), port);
        MockCluster c = new MockCluster(server);
        for (ChaosKind k : ChaosKind.values()) {
            try (InputStream in = Files.newInputStream(ChaosMeshCrds.file(k))) {
                CustomResourceDefinition crd = c.client.apiextensions().v1().customResourceDefinitions().load(in).item();
                c.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
        return c;
    }

    String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    /** The seeded shop (see the class comment). */
    MockCluster seeded() {
        service("shop", "checkout", 8080, 4, List.of("checkout", "envoy"));
        service("shop", "payments", 8081, 2, List.of("payments"));
        service("ops", "billing", 9000, 1, List.of("billing"));
        client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName("worker")
                .withLabels(Map.of("app", "worker")).endMetadata().withNewSpec().withNewSelector().withMatchLabels(Map.of("app", "worker"))
                .endSelector().endSpec().build()).create();
        pod("shop", "worker-0", Map.of("app", "worker"), List.of("worker"));
        return this;
    }

    void service(String ns, String name, int port, int pods, List<String> containers) {
        client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name).withLabels(Map.of("tier", "shop")).endMetadata()
                .withNewSpec().withSelector(Map.of("app", name)).addNewPort().withPort(80).withTargetPort(new IntOrString(port)).endPort().endSpec()
                .build()).create();
        for (int i = 0; i < pods; i++) pod(ns, name + "-" + i, Map.of("app", name, "pod-template-hash", "abc"), containers);
    }

    void pod(String ns, String name, Map<String, String> labels, List<String> containers) {
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withContainers(containers.stream().map(c -> new ContainerBuilder().withName(c).withImage("example/" + c).build()).toList())
                .endSpec().build()).create();
    }

    ClusterServices services() {
        return ClusterServices.create(client, List.of("shop", "ops"), ClusterServices.DEFAULT_SERVICE_LABEL);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
