package dev.assay.k8s;

import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.Topology;
import dev.assay.telemetry.GraphSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The system model on a cluster: the services are the cluster's (Services and Deployments, see
 * {@link ClusterServices}) and the edges and journeys come from traces exactly as without a cluster
 * ({@code assay-telemetry}'s {@link GraphSnapshot#toTopology}). A service the cluster runs that no trace has
 * touched yet is a node without edges; one traces show but the cluster does not run (a managed database, an
 * external API) stays, and is reported.
 */
public final class ClusterDiscovery {
    private ClusterDiscovery() {
    }

    /** The merged topology, where each cluster service runs, and what only one side knows. */
    public record Result(Topology topology, Map<String, String> namespaces, List<String> clusterOnly, List<String> tracesOnly) {
        public Result {
            namespaces = Map.copyOf(namespaces);
            clusterOnly = List.copyOf(clusterOnly);
            tracesOnly = List.copyOf(tracesOnly);
        }
    }

    public static Result merge(String name, List<ServiceRef> cluster, GraphSnapshot traces, List<Journey> declared) {
        Topology traced = traces.toTopology(name, declared);
        Set<String> tracedNames = new TreeSet<>();
        traced.services().forEach(s -> tracedNames.add(s.name()));
        List<Service> services = new ArrayList<>(traced.services());
        Map<String, String> namespaces = new LinkedHashMap<>();
        List<String> clusterOnly = new ArrayList<>();
        for (ServiceRef r : cluster) {
            namespaces.put(r.name(), r.namespace());
            if (!tracedNames.contains(r.name())) {
                services.add(Service.of(r.name()));
                clusterOnly.add(r.name());
            }
        }
        List<String> tracesOnly = tracedNames.stream().filter(n -> !namespaces.containsKey(n)).toList();
        Topology topology = new Topology(name, services, traced.edges(), traced.journeys());
        return new Result(topology, namespaces, clusterOnly, tracesOnly);
    }
}
