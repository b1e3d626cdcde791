package dev.assay.k8s;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Magnitude;
import dev.assay.runner.RunnerException;
import dev.assay.runner.Verifiable;
import dev.assay.runner.ZoneAware;
import dev.assay.spi.Injector;
import dev.assay.spi.Lease;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies faults on Kubernetes by creating Chaos Mesh objects (NetworkChaos, HTTPChaos, PodChaos, StressChaos;
 * see {@link ChaosMapping}). Each object carries its lease: {@code spec.duration} is what is left of the lease
 * (never more), so Chaos Mesh recovers the fault by itself if this process dies, and the lease's labels and
 * expiry annotation let {@link Reaper} delete it afterwards. {@code apply} returns only once the object's status
 * shows the fault in effect ({@code AllInjected=True} and every record {@code Injected}), within
 * {@code injectTimeout}; otherwise it deletes the object and fails. Not {@code Renewable}: Chaos Mesh's webhook
 * rejects spec updates, so a fault lives its first lease (run with {@code --lease-ttl} covering the level).
 * Exclusion zones are the configured ones plus, through {@link ZoneAware}, the running intent's own.
 */
public final class ChaosMeshInjector implements Injector, Verifiable, ZoneAware {
    private static final Set<FaultType> SUPPORTED = EnumSet.of(FaultType.LATENCY, FaultType.ERROR, FaultType.ABORT, FaultType.UNAVAILABLE,
            FaultType.BANDWIDTH, FaultType.LOSS, FaultType.PARTITION, FaultType.POD_KILL, FaultType.POD_FAILURE, FaultType.CONTAINER_KILL,
            FaultType.CPU_STRESS, FaultType.MEMORY_STRESS);

    private final KubernetesClient client;
    private final ClusterServices cluster;
    private final ExclusionZones exclusions;
    private final Map<String, String> options;
    private final String owner;
    private final Duration injectTimeout;
    private final Clock clock;

    private ChaosMeshInjector(KubernetesClient client, ClusterServices cluster, ExclusionZones exclusions, Map<String, String> options, Clock clock) {
        this.client = client;
        this.cluster = cluster;
        this.exclusions = exclusions;
        this.options = Map.copyOf(options);
        this.owner = options.getOrDefault("owner", "assay");
        this.injectTimeout = Duration.ofMillis(millis(options.getOrDefault("injectTimeoutMs", "30000")));
        this.clock = clock;
    }

    /**
     * An injector working in {@code cluster}'s namespaces. Options: {@code owner} (label value, default assay),
     * {@code injectTimeoutMs} (default 30000), {@code port.<service>} and {@code containers.<service>} (comma-separated)
     * to override what is read from the cluster.
     */
    public static ChaosMeshInjector create(KubernetesClient client, ClusterServices cluster, ExclusionZones exclusions, Map<String, String> options,
                                           Clock clock) {
        return new ChaosMeshInjector(client, cluster, exclusions, options, clock);
    }

    private static long millis(String text) {
        try {
            long ms = Long.parseLong(text.strip());
            if (ms > 0) return ms;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("kubernetes injector option injectTimeoutMs: expected a positive number of milliseconds, got '" + text + "'");
    }

    @Override
    public Set<FaultType> supports() {
        return SUPPORTED;
    }

    /** The object one level would become, checked against the exclusion zones, without creating anything (for plan and tests). */
    public ChaosObject plan(Fault fault, Magnitude level, Lease lease) {
        return plan(fault, level, lease, List.of());
    }

    /** Like {@link #plan(Fault, Magnitude, Lease)}, also keeping out of an intent's own {@code exclusionZones}. */
    public ChaosObject plan(Fault fault, Magnitude level, Lease lease, List<String> intentZones) {
        ExclusionZones exclusions = this.exclusions.plus(intentZones);
        if (exclusions.contains(fault.target())) return new ChaosObject.Unsupported(fault.target() + " is an exclusion zone");
        ServiceRef service = cluster.find(fault.target());
        if (exclusions.contains(service.namespace())) {
            return new ChaosObject.Unsupported(fault.target() + " runs in namespace " + service.namespace() + ", an exclusion zone");
        }
        if (options.containsKey("port." + service.name())) {
            String port = options.get("port." + service.name()).strip();
            if (!port.matches("\\d{1,5}")) {
                throw new InvalidInputException("kubernetes injector option port." + service.name() + ": expected a port number, got '" + port + "'");
            }
            service = new ServiceRef(service.name(), service.namespace(), service.podSelector(), Optional.of(Integer.parseInt(port)));
        }
        List<Pod> pods = cluster.pods(service.namespace(), service.podSelector());
        List<String> containers = options.containsKey("containers." + service.name())
                ? Arrays.stream(options.get("containers." + service.name()).split(",")).map(String::strip).toList()
                : pods.isEmpty() ? List.of() : pods.get(0).getSpec().getContainers().stream().map(c -> c.getName()).toList();
        String ns = service.namespace();
        List<ServiceRef> neighbours = exclusions.services(cluster.list()).stream().filter(r -> r.namespace().equals(ns)).toList();
        Duration left = Duration.between(clock.instant(), lease.expiresAt());
        ChaosObject object = ChaosMapping.map(fault, level, new ChaosMapping.Target(service, pods.size(), containers, neighbours), left);
        if (object instanceof ChaosObject.Mapped m) {
            Optional<String> violation = exclusions.violation(m, cluster);
            if (violation.isPresent()) return new ChaosObject.Unsupported("refused: " + violation.get());
        }
        return object;
    }

    @Override
    public AppliedFault apply(Fault fault, Magnitude level, Lease lease) {
        return apply(fault, level, lease, List.of());
    }

    /** Applies under the configured exclusion zones plus the intent's own (the runner passes them). */
    @Override
    public AppliedFault apply(Fault fault, Magnitude level, Lease lease, List<String> intentZones) {
        ChaosObject object = plan(fault, level, lease, intentZones);
        ChaosObject.Mapped mapped = switch (object) {
            case ChaosObject.Unsupported u -> throw new RunnerException("cannot inject " + fault.type().id() + " on " + fault.target()
                    + " through Chaos Mesh: " + u.reason());
            case ChaosObject.Mapped m -> m;
        };
        GenericKubernetesResource resource = resource(mapped, lease, owner);
        String name = resource.getMetadata().getName();
        try {
            client.genericKubernetesResources(mapped.kind().context()).inNamespace(mapped.namespace()).resource(resource).create();
        } catch (KubernetesClientException e) {
            throw new RunnerException("creating " + mapped.kind().kind() + " " + mapped.namespace() + "/" + name + " failed (" + e.getMessage()
                    + "); is Chaos Mesh installed and may Assay's service account create " + mapped.kind().plural() + "?", e);
        }
        AppliedFault applied = new AppliedFault(mapped.kind().plural() + "/" + mapped.namespace() + "/" + name, fault, level, lease);
        Optional<String> notInjected = InjectionStatus.await(client, mapped.kind(), mapped.namespace(), name, injectTimeout);
        if (notInjected.isPresent()) {
            remove(applied);
            throw new RunnerException(mapped.kind().kind() + " " + mapped.namespace() + "/" + name + " did not take effect within "
                    + injectTimeout.toSeconds() + "s (" + notInjected.get() + "); deleted it. Check the Chaos Mesh controller's events for the object");
        }
        return applied;
    }

    /** The object Assay creates for {@code mapped} under {@code lease}. */
    static GenericKubernetesResource resource(ChaosObject.Mapped mapped, Lease lease, String owner) {
        return new GenericKubernetesResourceBuilder().withApiVersion(mapped.kind().apiVersion()).withKind(mapped.kind().kind())
                .withNewMetadata().withName(ChaosLeases.objectName(lease.id())).withNamespace(mapped.namespace())
                .withLabels(ChaosLeases.labels(lease.id(), owner)).withAnnotations(ChaosLeases.annotations(lease.id(), lease.expiresAt())).endMetadata()
                .addToAdditionalProperties("spec", mapped.spec()).build();
    }

    @Override
    public void remove(AppliedFault fault) {
        String[] parts = fault.id().split("/", 3);
        ChaosKind kind = Arrays.stream(ChaosKind.values()).filter(k -> k.plural().equals(parts[0])).findFirst()
                .orElseThrow(() -> new RunnerException("not a Chaos Mesh fault id: " + fault.id()));
        try {
            client.genericKubernetesResources(kind.context()).inNamespace(parts[1]).withName(parts[2]).delete(); // absent: an empty list, not an error
        } catch (KubernetesClientException e) {
            throw new RunnerException("deleting " + kind.kind() + " " + parts[1] + "/" + parts[2] + " failed (" + e.getMessage()
                    + "); Chaos Mesh ends it at its duration, " + fault.lease().expiresAt(), e);
        }
    }

    @Override
    public boolean gone(String target, String leaseId) {
        return leftovers(leaseId).isEmpty();
    }

    @Override
    public void removeLeftover(String target, String leaseId) {
        for (GenericKubernetesResource r : leftovers(leaseId)) {
            ChaosKind kind = Arrays.stream(ChaosKind.values()).filter(k -> k.kind().equals(r.getKind())).findFirst().orElseThrow();
            client.genericKubernetesResources(kind.context()).inNamespace(r.getMetadata().getNamespace()).withName(r.getMetadata().getName()).delete();
        }
    }

    private List<GenericKubernetesResource> leftovers(String leaseId) {
        Map<String, String> labels = Map.of(ChaosLeases.MANAGED_BY, ChaosLeases.ASSAY, ChaosLeases.LEASE, ChaosLeases.labelValue(leaseId));
        return Reaper.list(client, cluster.namespaces(), labels);
    }
}
