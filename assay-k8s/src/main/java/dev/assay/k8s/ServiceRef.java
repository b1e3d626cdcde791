package dev.assay.k8s;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A service as the cluster knows it: its Assay name (a label of the Service or Deployment, or its name), its
 * namespace, the labels that select its pods, and the port its pods serve HTTP on, when known.
 */
public record ServiceRef(String name, String namespace, Map<String, String> podSelector, Optional<Integer> port) {
    public ServiceRef {
        requireNonNull(name, "name");
        requireNonNull(namespace, "namespace");
        requireNonNull(port, "port");
        podSelector = Map.copyOf(podSelector);
    }

    /** True when {@code labels} (a pod's, in {@code podNamespace}) carry every label of this service's selector. */
    public boolean selects(String podNamespace, Map<String, String> labels) {
        return !podSelector.isEmpty() && namespace.equals(podNamespace) && labels.entrySet().containsAll(podSelector.entrySet());
    }
}
