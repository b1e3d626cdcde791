package dev.assay.k8s;

import dev.assay.telemetry.MeshTrafficSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mesh workloads as Assay services, from the cluster ({@link ClusterServices#workloads()}): what a mesh calls
 * {@code shop/checkout-v3} (a Deployment) is the service {@code checkout} when checkout's Service selects its pods, or
 * when the Deployment's {@code serviceLabel} label says so. Read once, when made. A workload the cluster does not
 * know keeps the mesh's name.
 */
public record ClusterWorkloads(Map<MeshTrafficSource.Workload, String> names) implements MeshTrafficSource.WorkloadNames {
    public ClusterWorkloads {
        names = Map.copyOf(names);
    }

    /** The workloads of every cluster source (the first that names a workload wins). */
    public static ClusterWorkloads of(List<ClusterServices> clusters) {
        Map<MeshTrafficSource.Workload, String> all = new LinkedHashMap<>();
        for (ClusterServices c : clusters) c.workloads().forEach(all::putIfAbsent);
        return new ClusterWorkloads(all);
    }

    @Override
    public Optional<String> service(MeshTrafficSource.Workload workload) {
        return Optional.ofNullable(names.get(workload));
    }
}
