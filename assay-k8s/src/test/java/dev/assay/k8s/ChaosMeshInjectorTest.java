package dev.assay.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Magnitude;
import dev.assay.model.Scope;
import dev.assay.runner.RunnerException;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fault type × scope through the real injector against fabric8's KubernetesMockServer in CRUD mode (no real
 * API server can run here), with Chaos Mesh's CRDs installed and {@link FakeChaosController} playing the Chaos
 * Mesh controller by patching status. Every object created is read back and validated against Chaos Mesh's own
 * CRD schema (../shared/thirdparty/chaos-mesh-crds); a violation fails the test.
 */
class ChaosMeshInjectorTest {
    private static final Set<FaultType> NOT_ON_KUBERNETES = EnumSet.of(FaultType.RESET, FaultType.SLOW_CLOSE, FaultType.SLICER, FaultType.KILL, FaultType.PAUSE,
            FaultType.RATE_LIMIT, FaultType.OVERLOADED, FaultType.SLOW_STREAM, FaultType.STREAM_CUT, FaultType.MALFORMED_BODY);
    private static final Set<FaultType> HTTP_SCOPABLE = EnumSet.of(FaultType.LATENCY, FaultType.ERROR, FaultType.ABORT);
    private static final Set<ChaosKind> KINDS_CREATED = ConcurrentHashMap.newKeySet();
    private static MockCluster cluster;
    private static FakeChaosController controller;
    private static ChaosMeshInjector injector;

    @BeforeAll
    static void start() throws Exception {
        cluster = MockCluster.start(0).seeded();
        controller = FakeChaosController.start(cluster.client, List.of("shop", "ops"), true);
        injector = ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.NONE, Map.of("owner", "ci"), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        assertThat(KINDS_CREATED).as("the enumeration created every Chaos Mesh kind").containsExactlyInAnyOrder(ChaosKind.values());
        controller.close();
        cluster.close();
    }

    /** Scope names: all (100%), fixed-percent (50% of checkout's 4 pods), one (25% of 4 pods), http (GET /api, all pods). */
    static Stream<Arguments> everyFaultTypeTimesScope() {
        Map<String, Scope> scopes = Map.of("all", Scope.ALL, "fixed-percent", Scope.percent(50), "one", Scope.percent(25),
                "http", new Scope(100, Optional.of("GET"), Optional.of("/api")));
        return Stream.of(FaultType.values()).flatMap(t -> scopes.entrySet().stream().map(s -> Arguments.of(t, s.getKey(), s.getValue())));
    }

    @ParameterizedTest(name = "{0} × {1}")
    @MethodSource("everyFaultTypeTimesScope")
    void everyFaultTypeAndScopeMapsToAValidChaosMeshObjectOrIsRefusedWithAReason(FaultType type, String scopeName, Scope scope) {
        boolean http = scopeName.equals("http");
        Magnitude level = Faults.sample(type, http);
        Fault fault = new Fault(type, "checkout", List.of(level), scope);
        Lease lease = new Lease("map-" + type.id() + "-" + scopeName, Instant.now().plusSeconds(60));
        boolean supported = !NOT_ON_KUBERNETES.contains(type) && (!http || HTTP_SCOPABLE.contains(type));

        Optional<String> reason = ChaosMapping.check(fault);
        assertThat(reason.isEmpty()).as("check(%s × %s): %s", type.id(), scopeName, reason).isEqualTo(supported);
        if (!supported) {
            assertThat(injector.plan(fault, level, lease)).isEqualTo(new ChaosObject.Unsupported(reason.get()));
            assertThatThrownBy(() -> injector.apply(fault, level, lease)).isInstanceOf(RunnerException.class).hasMessageContaining(reason.get());
            assertThat(Reaper.list(cluster.client, List.of("shop"), Map.of(ChaosLeases.LEASE, ChaosLeases.labelValue(lease.id())))).isEmpty();
            return;
        }

        Injector.AppliedFault applied = injector.apply(fault, level, lease);
        ChaosKind kind = ChaosMapping.kind(type, http);
        GenericKubernetesResource stored = cluster.client.genericKubernetesResources(kind.context()).inNamespace("shop")
                .withName(ChaosLeases.objectName(lease.id())).get();
        assertThat(stored).as("created").isNotNull();
        assertThat(ChaosMeshCrds.violations(kind, stored)).as("%s against %s", stored, kind.crdFile()).isEmpty();
        KINDS_CREATED.add(kind);

        Map<String, Object> spec = spec(stored);
        assertThat(spec.get("mode")).isEqualTo(Map.of("all", "all", "fixed-percent", "fixed-percent", "one", "one", "http", "all").get(scopeName));
        if (scopeName.equals("fixed-percent")) assertThat(spec.get("value")).isEqualTo("50");
        assertThat(spec.get("selector")).isEqualTo(Map.of("namespaces", List.of("shop"), "labelSelectors", Map.of("app", "checkout")));
        assertThat(stored.getMetadata().getLabels()).containsEntry(ChaosLeases.LEASE, ChaosLeases.labelValue(lease.id()))
                .containsEntry(ChaosLeases.OWNER, "ci").containsEntry(ChaosLeases.MANAGED_BY, "assay");
        long durationMs = Long.parseLong(((String) spec.get("duration")).replace("ms", ""));
        assertThat(durationMs).as("never longer than the lease").isPositive().isLessThanOrEqualTo(60_000);
        if (http) assertThat(spec).containsEntry("method", "GET").containsEntry("path", "/api*").containsEntry("port", 8080);

        injector.remove(applied);
        assertThat(cluster.client.genericKubernetesResources(kind.context()).inNamespace("shop").withName(stored.getMetadata().getName()).get())
                .as("rollback deletes").isNull();
        injector.remove(applied); // idempotent
    }

    @Test
    void theValidatorRejectsAnObjectChaosMeshWouldReject() {
        Map<String, Object> bad = Map.of("apiVersion", "chaos-mesh.org/v1alpha1", "kind", "NetworkChaos", "metadata", Map.of("name", "x"),
                "spec", Map.of("action", "delay", "mode", "half", "selector", Map.of(), "delay", Map.of("latency", "soon")));
        assertThat(ChaosMeshCrds.violations(ChaosKind.NETWORK, bad)).extracting(Object::toString)
                .anySatisfy(m -> assertThat(m).contains("mode"))
                .anySatisfy(m -> assertThat(m).contains("latency"));
        Map<String, Object> unknownField = Map.of("apiVersion", "chaos-mesh.org/v1alpha1", "kind", "PodChaos", "metadata", Map.of("name", "x"),
                "spec", Map.of("action", "pod-kill", "mode", "all", "selector", Map.of(), "podSelector", Map.of()));
        assertThat(ChaosMeshCrds.violations(ChaosKind.POD, unknownField)).isNotEmpty();
    }

    @Test
    void aScopeThatPicksNoPodIsRefusedWithTheSmallestThatWorks() {
        Fault fault = new Fault(FaultType.POD_KILL, "checkout", List.of(Magnitude.NONE), Scope.percent(10));
        assertThat(injector.plan(fault, Magnitude.NONE, new Lease("tiny", Instant.now().plusSeconds(30))))
                .isEqualTo(new ChaosObject.Unsupported("scope 10% of 4 pod(s) selects no pod (Chaos Mesh rounds down); use at least 25%"));
    }

    @Test
    void aFaultWhoseObjectNeverReportsInjectedFailsAndIsDeleted() throws Exception {
        try (MockCluster other = MockCluster.start(0).seeded();
             FakeChaosController refusing = FakeChaosController.start(other.client, List.of("shop"), false)) {
            ChaosMeshInjector slow = ChaosMeshInjector.create(other.client, other.services(), ExclusionZones.NONE, Map.of("injectTimeoutMs", "20000"),
                    Clock.systemUTC());
            Lease lease = new Lease("never-injected", Instant.now().plusSeconds(60));
            assertThatThrownBy(() -> slow.apply(Fault.of(FaultType.POD_FAILURE, "payments", Magnitude.NONE), Magnitude.NONE, lease))
                    .isInstanceOf(RunnerException.class).hasMessageContaining("Selected=False").hasMessageContaining("deleted it");
            assertThat(slow.gone("payments", lease.id())).isTrue();
        }
    }

    @Test
    void anExpiredOrTooShortLeaseIsNeverInjected() {
        Lease lease = new Lease("short", Instant.now().plusMillis(500));
        assertThat(injector.plan(Fault.of(FaultType.POD_KILL, "payments", Magnitude.NONE), Magnitude.NONE, lease))
                .isInstanceOfSatisfying(ChaosObject.Unsupported.class, u -> assertThat(u.reason()).contains("Chaos Mesh needs at least 1s"));
    }

    @Test
    void leftoversOfALeaseAreFoundAndRemoved() {
        Lease lease = new Lease("leftover", Instant.now().plusSeconds(60));
        injector.apply(Fault.of(FaultType.CPU_STRESS, "payments", Faults.sample(FaultType.CPU_STRESS, false)), Faults.sample(FaultType.CPU_STRESS, false), lease);
        assertThat(injector.gone("payments", lease.id())).isFalse();
        injector.removeLeftover("payments", lease.id());
        assertThat(injector.gone("payments", lease.id())).isTrue();
    }

    @Test
    void badOptionsAreInputErrorsNamingTheOption() {
        assertThatThrownBy(() -> ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.NONE, Map.of("injectTimeoutMs", "soon"),
                Clock.systemUTC())).isInstanceOf(dev.assay.model.InvalidInputException.class).hasMessageContaining("injectTimeoutMs");
        ChaosMeshInjector badPort = ChaosMeshInjector.create(cluster.client, cluster.services(), ExclusionZones.NONE, Map.of("port.checkout", "http"),
                Clock.systemUTC());
        assertThatThrownBy(() -> badPort.plan(Fault.of(FaultType.ABORT, "checkout", Magnitude.NONE), Magnitude.NONE, new Lease("p", Instant.now().plusSeconds(9))))
                .isInstanceOf(dev.assay.model.InvalidInputException.class).hasMessageContaining("port.checkout");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

}
