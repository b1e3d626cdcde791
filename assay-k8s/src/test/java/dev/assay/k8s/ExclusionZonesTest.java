package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import dev.assay.spi.Lease;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exclusion zones naming a service or a namespace are never mapped to a selector that matches them. Against
 * fabric8's KubernetesMockServer in CRUD mode (no real API server can run here), seeded with pods; no object is
 * created ({@code plan} only), so no controller is needed.
 */
class ExclusionZonesTest {
    private static MockCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = MockCluster.start(0).seeded();
        // a Service whose selector (a label every shop pod carries) also picks payments' pods
        cluster.client.services().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder().withNewMetadata()
                .withName("storefront").endMetadata().withNewSpec().withSelector(Map.of("pod-template-hash", "abc")).addNewPort().withPort(80)
                .endPort().endSpec().build()).create();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void noFaultTypeOrScopeEverMapsToASelectorMatchingAnExcludedServiceOrNamespace() {
        List<List<String>> zoneSets = List.of(List.of("payments"), List.of("checkout"), List.of("worker", "payments"), List.of("shop"),
                List.of("ops"), List.of("billing"), List.of("storefront"));
        List<String> targets = List.of("checkout", "payments", "storefront", "worker", "billing");
        List<Scope> scopes = List.of(Scope.ALL, Scope.percent(50), new Scope(100, java.util.Optional.of("GET"), java.util.Optional.empty()));
        int mapped = 0;
        int refused = 0;
        for (List<String> zones : zoneSets) {
            ChaosMeshInjector injector = ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.of(zones), Map.of(), Clock.systemUTC());
            List<ServiceRef> excluded = cluster.services().list().stream().filter(r -> zones.contains(r.name())).toList();
            for (String target : targets) {
                for (FaultType type : FaultType.values()) {
                    for (Scope scope : scopes) {
                        boolean http = scope.method().isPresent();
                        Magnitude level = Faults.sample(type, http);
                        ChaosObject o = injector.plan(new Fault(type, target, List.of(level), scope), level, new Lease("x", Instant.now().plusSeconds(60)));
                        if (!(o instanceof ChaosObject.Mapped m)) {
                            refused++;
                            continue;
                        }
                        mapped++;
                        for (Map<String, Object> selector : m.selectors()) {
                            @SuppressWarnings("unchecked") List<String> namespaces = (List<String>) selector.get("namespaces");
                            assertThat(namespaces).as("%s on %s, zones %s", type.id(), target, zones).doesNotContainAnyElementsOf(zones);
                            for (String ns : namespaces) {
                                for (Pod pod : cluster.client.pods().inNamespace(ns).list().getItems()) {
                                    if (!Selectors.matches(selector, pod.getMetadata().getLabels())) continue;
                                    assertThat(excluded).as("%s on %s, zones %s: pod %s", type.id(), target, zones, pod.getMetadata().getName())
                                            .noneMatch(r -> r.selects(ns, pod.getMetadata().getLabels()));
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(mapped).as("the property was exercised").isGreaterThan(100);
        assertThat(refused).isGreaterThan(50);
    }

    @Test
    void aTargetWhoseSelectorAlsoPicksAnExcludedServicesPodsIsRefused() {
        ChaosMeshInjector injector = ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.of(List.of("payments")), Map.of(),
                Clock.systemUTC());
        ChaosObject o = injector.plan(Fault.of(FaultType.POD_KILL, "storefront", Magnitude.NONE), Magnitude.NONE, new Lease("s", Instant.now().plusSeconds(60)));
        assertThat(o).isInstanceOfSatisfying(ChaosObject.Unsupported.class, u -> assertThat(u.reason()).contains("of payments, an exclusion zone"));
    }

    @Test
    void aPartitionsOtherSideLeavesOutExcludedNeighboursAndTheTargetItself() {
        ChaosMeshInjector injector = ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.of(List.of("payments")), Map.of(),
                Clock.systemUTC());
        ChaosObject o = injector.plan(Fault.of(FaultType.PARTITION, "checkout", Magnitude.NONE), Magnitude.NONE, new Lease("p", Instant.now().plusSeconds(60)));
        assertThat(o).isInstanceOf(ChaosObject.Mapped.class);
        Map<String, Object> other = ((ChaosObject.Mapped) o).selectors().get(1);
        List<String> picked = new ArrayList<>();
        for (Pod pod : cluster.client.pods().inNamespace("shop").list().getItems()) {
            if (Selectors.matches(other, pod.getMetadata().getLabels())) picked.add(pod.getMetadata().getName());
        }
        assertThat(picked).containsExactly("worker-0");
        assertThat(ChaosMeshCrds.violations(ChaosKind.NETWORK, ChaosMeshInjector.resource((ChaosObject.Mapped) o,
                new Lease("p", Instant.now().plusSeconds(60)), "assay"))).isEmpty();
    }

    @Test
    void aTargetInAnExcludedNamespaceIsRefused() {
        ChaosMeshInjector injector = ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.of(List.of("ops")), Map.of(),
                Clock.systemUTC());
        assertThat(injector.plan(Fault.of(FaultType.POD_KILL, "billing", Magnitude.NONE), Magnitude.NONE, new Lease("o", Instant.now().plusSeconds(60))))
                .isEqualTo(new ChaosObject.Unsupported("billing runs in namespace ops, an exclusion zone"));
    }
}
