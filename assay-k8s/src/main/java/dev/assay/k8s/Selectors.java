package dev.assay.k8s;

import java.util.List;
import java.util.Map;

/** Chaos Mesh pod selector semantics for the parts Assay writes: {@code labelSelectors} and {@code expressionSelectors}. */
final class Selectors {
    private Selectors() {
    }

    @SuppressWarnings("unchecked")
    static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
        Map<String, String> required = (Map<String, String>) selector.getOrDefault("labelSelectors", Map.of());
        if (!labels.entrySet().containsAll(required.entrySet())) return false;
        for (Map<String, Object> e : (List<Map<String, Object>>) selector.getOrDefault("expressionSelectors", List.of())) {
            String key = (String) e.get("key");
            List<String> values = (List<String>) e.getOrDefault("values", List.of());
            boolean ok = switch ((String) e.get("operator")) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> true; // an operator Assay never writes: assume it matches, so the exclusion check errs on the safe side
            };
            if (!ok) return false;
        }
        return true;
    }
}
