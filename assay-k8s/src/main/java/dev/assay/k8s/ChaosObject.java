package dev.assay.k8s;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What an Assay fault becomes on the cluster: a Chaos Mesh object of {@code kind} in {@code namespace} with this
 * {@code spec}, or the reason it cannot be one. Sealed: the injector and the checks switch over it.
 */
public sealed interface ChaosObject {
    record Mapped(ChaosKind kind, String namespace, Map<String, Object> spec) implements ChaosObject {
        public Mapped {
            requireNonNull(kind, "kind");
            requireNonNull(namespace, "namespace");
            spec = Map.copyOf(spec);
        }

        /** Every pod selector of the spec: {@code selector}, and {@code target.selector} for a partition's other side. */
        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> selectors() {
            Map<String, Object> main = (Map<String, Object>) spec.get("selector");
            Object target = spec.get("target");
            if (target instanceof Map<?, ?> t && t.get("selector") instanceof Map<?, ?> other) return List.of(main, (Map<String, Object>) other);
            return List.of(main);
        }
    }

    record Unsupported(String reason) implements ChaosObject {
        public Unsupported {
            requireNonNull(reason, "reason");
        }
    }
}
