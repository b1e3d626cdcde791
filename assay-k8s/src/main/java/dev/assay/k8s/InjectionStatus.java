package dev.assay.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The evidence that a Chaos Mesh fault took effect, read from the object's status as the Chaos Mesh controller
 * writes it: condition {@code AllInjected} is {@code True} and every record in {@code status.experiment.containerRecords}
 * has phase {@code Injected} (there is at least one). {@code Selected=False} means no pod was picked: a failure.
 */
final class InjectionStatus {
    private static final long POLL_MILLIS = 200;

    private InjectionStatus() {
    }

    /** Waits up to {@code timeout}; empty once injected, else what the status last said. */
    static Optional<String> await(KubernetesClient client, ChaosKind kind, String namespace, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (true) {
            try {
                GenericKubernetesResource r = client.genericKubernetesResources(kind.context()).inNamespace(namespace).withName(name).get();
                if (r == null) return Optional.of("the object is gone");
                Verdict v = read(r);
                if (v.injected()) return Optional.empty();
                last = v.detail();
                if (v.failed()) return Optional.of(last);
            } catch (KubernetesClientException e) {
                last = "reading its status failed: " + e.getMessage();
            }
            if (System.nanoTime() > deadline) return Optional.of(last);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while waiting");
            }
        }
    }

    record Verdict(boolean injected, boolean failed, String detail) {
    }

    @SuppressWarnings("unchecked")
    static Verdict read(GenericKubernetesResource r) {
        Object status = r.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> raw)) return new Verdict(false, false, "no status yet");
        Map<String, Object> s = (Map<String, Object>) raw;
        List<Map<String, Object>> conditions = (List<Map<String, Object>>) s.getOrDefault("conditions", List.of());
        for (Map<String, Object> c : conditions) {
            if ("Selected".equals(c.get("type")) && "False".equals(c.get("status"))) {
                return new Verdict(false, true, "Selected=False: no pod selected" + reason(c));
            }
        }
        boolean all = conditions.stream().anyMatch(c -> "AllInjected".equals(c.get("type")) && "True".equals(c.get("status")));
        Object experiment = s.get("experiment");
        List<Map<String, Object>> records = experiment instanceof Map<?, ?> e
                ? (List<Map<String, Object>>) ((Map<String, Object>) e).getOrDefault("containerRecords", List.of()) : List.of();
        long injected = records.stream().filter(x -> "Injected".equals(x.get("phase"))).count();
        if (all && !records.isEmpty() && injected == records.size()) return new Verdict(true, false, "AllInjected, " + injected + " record(s) Injected");
        return new Verdict(false, false, "AllInjected=" + (all ? "True" : "not True") + ", " + injected + "/" + records.size() + " record(s) Injected");
    }

    private static String reason(Map<String, Object> condition) {
        Object reason = condition.get("reason");
        return reason == null || reason.toString().isEmpty() ? "" : " (" + reason + ")";
    }
}
