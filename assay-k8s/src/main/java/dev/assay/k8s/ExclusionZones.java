package dev.assay.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Exclusion zones on a cluster: each name is a service (as {@link ClusterServices} names them) or a namespace.
 * A Chaos Mesh object is refused when any of its selectors names an excluded namespace or picks a pod an
 * excluded service selects — checked against the pods the cluster has now, before the object is created.
 */
public record ExclusionZones(Set<String> names) {
    public static final ExclusionZones NONE = new ExclusionZones(Set.of());

    public ExclusionZones {
        names = Set.copyOf(names);
    }

    public static ExclusionZones of(List<String> names) {
        return new ExclusionZones(Set.copyOf(names));
    }

    /** These zones and {@code more} (an intent's own). */
    public ExclusionZones plus(List<String> more) {
        if (more.isEmpty()) return this;
        Set<String> all = new java.util.HashSet<>(names);
        all.addAll(more);
        return new ExclusionZones(all);
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /** The excluded services of the cluster. */
    public List<ServiceRef> services(List<ServiceRef> all) {
        return all.stream().filter(r -> names.contains(r.name())).toList();
    }

    /** Why {@code object} would touch an exclusion zone; empty when none of its selectors can. */
    @SuppressWarnings("unchecked")
    public Optional<String> violation(ChaosObject.Mapped object, ClusterServices cluster) {
        if (names.isEmpty()) return Optional.empty();
        List<ServiceRef> excluded = services(cluster.list());
        for (Map<String, Object> selector : object.selectors()) {
            List<String> namespaces = (List<String>) selector.getOrDefault("namespaces", List.of());
            if (namespaces.isEmpty()) return Optional.of("a selector without namespaces could reach any exclusion zone");
            for (String ns : namespaces) {
                if (names.contains(ns)) return Optional.of("its selector names namespace " + ns + ", an exclusion zone");
                for (Pod pod : cluster.pods(ns)) {
                    Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
                    if (!Selectors.matches(selector, labels)) continue;
                    for (ServiceRef r : excluded) {
                        if (r.selects(ns, labels)) {
                            return Optional.of("its selector " + selector + " matches pod " + ns + "/" + pod.getMetadata().getName()
                                    + " of " + r.name() + ", an exclusion zone");
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
