package dev.assay.k8s;

import dev.assay.model.Fault;
import dev.assay.model.InjectorConfig;
import dev.assay.model.Intent;
import dev.assay.model.SystemConfig;
import dev.assay.model.TelemetrySourceConfig;
import dev.assay.telemetry.MeshTrafficSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a system file's {@code kind: kubernetes} entries build: the cluster's services, the Chaos Mesh injector
 * (its exclusion zones are the system's default ones plus the injector's {@code exclude} option), the reaper, and
 * the checks {@code validate}/{@code plan} can run on intents before anything touches the cluster.
 */
public final class KubernetesSystem {
    private KubernetesSystem() {
    }

    /** The injector for a {@code type: kubernetes} entry. */
    public static ChaosMeshInjector injector(InjectorConfig config, SystemConfig system, Clock clock) {
        KubernetesClient client = KubernetesClients.create(config.address(), config.options());
        List<String> zones = new ArrayList<>(system.defaultSafety().exclusionZones());
        zones.addAll(list(config.options().get("exclude")));
        return ChaosMeshInjector.create(client, services(client, config.options()), ExclusionZones.of(zones), config.options(), clock);
    }

    /** The reaper over the namespaces of a {@code type: kubernetes} entry. */
    public static Reaper reaper(InjectorConfig config, Clock clock) {
        KubernetesClient client = KubernetesClients.create(config.address(), config.options());
        return Reaper.create(client, services(client, config.options()).namespaces(), clock);
    }

    /** The services of a {@code kind: kubernetes} telemetry source. */
    public static ClusterServices services(TelemetrySourceConfig source) {
        return services(KubernetesClients.create(source.address(), source.options()), source.options());
    }

    /**
     * How mesh workloads become service names for a system: by its {@code kind: kubernetes} sources' Deployments and
     * Services (read once, on first use, so a system without a mesh never asks the cluster), else as the mesh names them.
     */
    public static MeshTrafficSource.WorkloadNames workloadNames(SystemConfig system) {
        List<TelemetrySourceConfig> k8s = system.telemetry().stream().filter(t -> t.kind() == TelemetrySourceConfig.Kind.KUBERNETES).toList();
        if (k8s.isEmpty()) return MeshTrafficSource.WorkloadNames.AS_IS;
        java.util.concurrent.atomic.AtomicReference<ClusterWorkloads> read = new java.util.concurrent.atomic.AtomicReference<>();
        return w -> read.updateAndGet(r -> r != null ? r : ClusterWorkloads.of(k8s.stream().map(KubernetesSystem::services).toList())).service(w);
    }

    static ClusterServices services(KubernetesClient client, Map<String, String> options) {
        return ClusterServices.create(client, list(options.get("namespaces")), options.getOrDefault("serviceLabel", ClusterServices.DEFAULT_SERVICE_LABEL));
    }

    /**
     * Why an intent cannot run through Chaos Mesh, without asking the cluster: empty when the system has no
     * kubernetes injector, or another injector type could take the fault, or the mapping accepts it.
     */
    public static Optional<String> check(Intent intent, SystemConfig system) {
        boolean k8s = system.injectors().stream().anyMatch(i -> i.type().equals("kubernetes"));
        if (!k8s) return Optional.empty();
        boolean others = system.injectors().stream().anyMatch(i -> !i.type().equals("kubernetes"));
        Fault fault = intent.fault();
        Optional<String> reason = ChaosMapping.check(fault);
        if (reason.isEmpty() || others) return Optional.empty();
        return Optional.of("intent " + intent.id() + ": " + reason.get());
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
