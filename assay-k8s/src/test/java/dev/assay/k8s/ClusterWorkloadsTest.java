package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.telemetry.MeshTrafficSource.Workload;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Mesh workloads mapped to Assay service names by the cluster's objects. Against fabric8's KubernetesMockServer in
 * CRUD mode (no real API server can run here), seeded with the shop plus two versioned Deployments.
 */
class ClusterWorkloadsTest {
    @Test
    void aDeploymentIsTheServiceWhoseSelectorPicksItsPodsElseItsOwnLabelOrName() throws Exception {
        try (MockCluster cluster = MockCluster.start(0).seeded()) {
            deployment(cluster, "checkout-v3", Map.of(), Map.of("app", "checkout", "version", "v3"));
            deployment(cluster, "recs-v2", Map.of(ClusterServices.DEFAULT_SERVICE_LABEL, "recommendations"), Map.of("app", "recs"));
            ClusterWorkloads names = ClusterWorkloads.of(List.of(cluster.services()));

            assertThat(names.service(new Workload("shop", "checkout-v3"))).as("covered by Service checkout").hasValue("checkout");
            assertThat(names.service(new Workload("shop", "recs-v2"))).as("its own serviceLabel").hasValue("recommendations");
            assertThat(names.service(new Workload("shop", "worker"))).as("no Service: its name").hasValue("worker");
            assertThat(names.service(new Workload("shop", "payments"))).as("a Service by its name (Istio's destination_service_name)").hasValue("payments");
            assertThat(names.service(new Workload("ops", "billing"))).hasValue("billing");
            assertThat(names.service(new Workload("ops", "checkout-v3"))).as("namespaces matter").isEmpty();
            assertThat(names.service(new Workload("shop", "unheard-of"))).isEqualTo(Optional.empty());
        }
    }

    private static void deployment(MockCluster cluster, String name, Map<String, String> labels, Map<String, String> matchLabels) {
        cluster.client.apps().deployments().inNamespace("shop").resource(new DeploymentBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().withNewSpec().withNewSelector().withMatchLabels(matchLabels).endSelector().endSpec().build()).create();
    }
}
