package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.testkit.FreePorts;
import dev.assay.testkit.Jvm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A controller JVM creates Chaos Mesh objects and is SIGKILLed; the reaper then deletes them once (and only once)
 * their leases have expired, and never touches objects Assay did not make. The API server is fabric8's
 * KubernetesMockServer in CRUD mode (no real API server can run here) on a fixed loopback port so the child can
 * reach it; {@link FakeChaosController} in this JVM plays the Chaos Mesh controller by patching status.
 */
class ReaperCrashTest {
    @Test
    void objectsOfAKilledControllerAreReapedWhenTheirLeasesExpire() throws Exception {
        try (MockCluster cluster = MockCluster.start(FreePorts.next()).seeded();
             FakeChaosController controller = FakeChaosController.start(cluster.client, List.of("shop"), true)) {
            GenericKubernetesResource foreign = new GenericKubernetesResourceBuilder().withApiVersion("chaos-mesh.org/v1alpha1").withKind("PodChaos")
                    .withNewMetadata().withName("someone-elses").withNamespace("shop").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("action", "pod-kill", "mode", "one", "selector", Map.of("namespaces", List.of("shop"))))
                    .build();
            cluster.client.genericKubernetesResources(ChaosKind.POD.context()).inNamespace("shop").resource(foreign).create();

            Process child = new ProcessBuilder(Jvm.javaBinary(), "-cp", Jvm.classPath(), InjectorChildMain.class.getName(), cluster.url(), "60")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
                assertThat(line).as("the child applied both faults (each waited for AllInjected)").isEqualTo("applied");
            } finally {
                child.toHandle().destroyForcibly(); // SIGKILL: no rollback runs
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            List<GenericKubernetesResource> left = Reaper.list(cluster.client, List.of("shop"), Map.of(ChaosLeases.MANAGED_BY, ChaosLeases.ASSAY));
            assertThat(left).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder("assay-crash-f1", "assay-crash-f2");
            assertThat(left).allSatisfy(r -> assertThat(r.getMetadata().getLabels()).containsEntry(ChaosLeases.OWNER, "child"));

            Reaper now = Reaper.create(cluster.client, List.of("shop"), Clock.systemUTC());
            assertThat(now.reap()).as("leases still running: nothing reaped").isEmpty();

            Clock afterLease = Clock.fixed(Instant.now().plus(Duration.ofSeconds(61)), ZoneOffset.UTC);
            List<Reaper.Reaped> reaped = Reaper.create(cluster.client, List.of("shop"), afterLease).reap();
            assertThat(reaped).extracting(Reaper.Reaped::leaseId).containsExactlyInAnyOrder("crash-f1", "crash-f2");
            assertThat(Reaper.list(cluster.client, List.of("shop"), Map.of(ChaosLeases.MANAGED_BY, ChaosLeases.ASSAY))).isEmpty();
            assertThat(cluster.client.genericKubernetesResources(ChaosKind.POD.context()).inNamespace("shop").withName("someone-elses").get())
                    .as("not Assay's: untouched").isNotNull();
        }
    }

    @Test
    void theBackgroundReaperDeletesAnExpiredObjectWithoutBeingAsked() throws Exception {
        try (MockCluster cluster = MockCluster.start(0).seeded()) {
            GenericKubernetesResource expired = ChaosMeshInjector.resource(new ChaosObject.Mapped(ChaosKind.POD, "shop",
                            Map.of("action", "pod-kill", "mode", "one", "selector", ChaosMapping.selector("shop", Map.of("app", "payments")), "duration", "1000ms")),
                    new dev.assay.spi.Lease("old", Instant.now().minusSeconds(5)), "assay");
            cluster.client.genericKubernetesResources(ChaosKind.POD.context()).inNamespace("shop").resource(expired).create();
            try (AutoCloseable reaper = Reaper.create(cluster.client, List.of("shop"), Clock.systemUTC()).start(Duration.ofMillis(100))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline && !Reaper.list(cluster.client, List.of("shop"), Map.of(ChaosLeases.MANAGED_BY, "assay")).isEmpty()) {
                    Thread.sleep(50);
                }
            }
            assertThat(Reaper.list(cluster.client, List.of("shop"), Map.of(ChaosLeases.MANAGED_BY, "assay"))).isEmpty();
        }
    }
}
