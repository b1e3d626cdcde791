package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import dev.assay.runner.RunnerException;
import dev.assay.spi.Lease;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An intent's <em>own</em> {@code exclusionZones} reach the cluster check (through {@code ZoneAware}, as the runner
 * calls it), although the injector is configured with no zone at all. Against fabric8's KubernetesMockServer in
 * CRUD mode (no real API server can run here): the seeded shop plus a canary Service {@code checkout-canary}
 * whose two pods also carry {@code app: checkout}, so checkout's own selector would pick them.
 */
class IntentExclusionZonesTest {
    private static MockCluster cluster;
    private static ChaosMeshInjector injector;

    @BeforeAll
    static void start() throws Exception {
        cluster = MockCluster.start(0).seeded();
        cluster.client.services().inNamespace("shop").resource(new ServiceBuilder().withNewMetadata().withName("checkout-canary").endMetadata()
                .withNewSpec().withSelector(Map.of("app", "checkout", "track", "canary")).addNewPort().withPort(80).endPort().endSpec().build()).create();
        for (int i = 0; i < 2; i++) cluster.pod("shop", "checkout-canary-" + i, Map.of("app", "checkout", "track", "canary"), List.of("checkout"));
        injector = ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.NONE, Map.of(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** checkout selects 6 pods (4 + 2 canary): 100% is all, 20% one pod, 50% fixed-percent. */
    @ParameterizedTest(name = "mode {0}")
    @CsvSource({"all,100", "one,20", "fixed-percent,50"})
    void anIntentsOwnZoneIsNeverMappedToASelectorThatMatchesIt(String mode, int percent) {
        Scope scope = Scope.percent(percent);
        Lease lease = new Lease("own-" + mode, Instant.now().plusSeconds(60));
        Magnitude level = Faults.sample(FaultType.POD_KILL, false);
        Fault checkout = new Fault(FaultType.POD_KILL, "checkout", List.of(level), scope);

        ChaosObject without = injector.plan(checkout, level, lease);
        assertThat(without).as("without the intent's zones the mapping exists and reaches the canary")
                .isInstanceOfSatisfying(ChaosObject.Mapped.class, m -> {
                    assertThat(m.spec().get("mode")).isEqualTo(mode);
                    assertThat(picked(m)).contains("checkout-canary-0", "checkout-canary-1");
                });

        assertThat(injector.plan(checkout, level, lease, List.of("checkout-canary")))
                .isInstanceOfSatisfying(ChaosObject.Unsupported.class, u -> assertThat(u.reason()).contains("of checkout-canary, an exclusion zone"));
        assertThat(injector.plan(checkout, level, lease, List.of("shop")))
                .isEqualTo(new ChaosObject.Unsupported("checkout runs in namespace shop, an exclusion zone"));
        assertThatThrownBy(() -> injector.apply(checkout, level, lease, List.of("checkout-canary")))
                .isInstanceOf(RunnerException.class).hasMessageContaining("checkout-canary, an exclusion zone");
        assertThat(Reaper.list(cluster.client, List.of("shop", "ops"), Map.of(ChaosLeases.MANAGED_BY, ChaosLeases.ASSAY)))
                .as("nothing was created").isEmpty();

        // the property over every fault type, target and zone set: whatever maps never picks an excluded pod
        int mapped = 0;
        for (List<String> zones : List.of(List.of("checkout-canary"), List.of("payments"), List.of("ops"), List.of("worker", "checkout-canary"))) {
            List<ServiceRef> excluded = cluster.services().list().stream().filter(r -> zones.contains(r.name())).toList();
            for (String target : List.of("checkout", "payments", "worker", "billing")) {
                for (FaultType type : FaultType.values()) {
                    Magnitude l = Faults.sample(type, false);
                    if (!(injector.plan(new Fault(type, target, List.of(l), scope), l, lease, zones) instanceof ChaosObject.Mapped m)) continue;
                    mapped++;
                    for (Map<String, Object> selector : m.selectors()) {
                        @SuppressWarnings("unchecked") List<String> namespaces = (List<String>) selector.get("namespaces");
                        assertThat(namespaces).doesNotContainAnyElementsOf(zones);
                        for (String ns : namespaces) {
                            for (Pod pod : cluster.client.pods().inNamespace(ns).list().getItems()) {
                                if (!Selectors.matches(selector, pod.getMetadata().getLabels())) continue;
                                assertThat(excluded).as("%s on %s, zones %s, mode %s: pod %s", type.id(), target, zones, mode, pod.getMetadata().getName())
                                        .noneMatch(r -> r.selects(ns, pod.getMetadata().getLabels()));
                            }
                        }
                    }
                }
            }
        }
        assertThat(mapped).as("the property was exercised").isGreaterThan(10);
    }

    private static List<String> picked(ChaosObject.Mapped m) {
        return cluster.client.pods().inNamespace("shop").list().getItems().stream()
                .filter(p -> Selectors.matches(m.selectors().get(0), p.getMetadata().getLabels())).map(p -> p.getMetadata().getName()).toList();
    }
}
