package dev.assay.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plays the Chaos Mesh controller's part against the CRUD-mode mock server (which runs no controller): every
 * Assay object without a status gets the status Chaos Mesh writes once it has injected — conditions
 * {@code Selected=True} and {@code AllInjected=True}, one {@code Injected} record per selected pod — through the
 * status subresource. With {@code inject=false} it reports {@code Selected=False} instead, as Chaos Mesh does when
 * no pod matches.
 */
final class FakeChaosController implements AutoCloseable {
    private final KubernetesClient client;
    private final List<String> namespaces;
    private final boolean inject;
    private final Thread thread;
    final List<String> seen = new CopyOnWriteArrayList<>();

    private FakeChaosController(KubernetesClient client, List<String> namespaces, boolean inject) {
        this.client = client;
        this.namespaces = namespaces;
        this.inject = inject;
        this.thread = Thread.ofVirtual().name("fake-chaos-mesh").start(this::loop);
    }

    static FakeChaosController start(KubernetesClient client, List<String> namespaces, boolean inject) {
        return new FakeChaosController(client, namespaces, inject);
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (GenericKubernetesResource r : Reaper.list(client, namespaces, Map.of(ChaosLeases.MANAGED_BY, ChaosLeases.ASSAY))) {
                    if (r.getAdditionalProperties().get("status") != null) continue;
                    ChaosKind kind = java.util.Arrays.stream(ChaosKind.values()).filter(k -> k.kind().equals(r.getKind())).findFirst().orElseThrow();
                    r.getAdditionalProperties().put("status", status(r));
                    client.genericKubernetesResources(kind.context()).inNamespace(r.getMetadata().getNamespace()).resource(r).updateStatus();
                    seen.add(r.getMetadata().getName());
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a conflicting write or an object deleted meanwhile: look again next round
            }
        }
    }

    private Map<String, Object> status(GenericKubernetesResource r) {
        String now = Instant.now().toString();
        if (!inject) {
            return Map.of("conditions", List.of(Map.of("type", "Selected", "status", "False", "reason", "no pod matches the selector"),
                    Map.of("type", "AllInjected", "status", "False")));
        }
        String ns = r.getMetadata().getNamespace();
        return Map.of("conditions", List.of(Map.of("type", "Selected", "status", "True"), Map.of("type", "AllInjected", "status", "True"),
                        Map.of("type", "AllRecovered", "status", "False"), Map.of("type", "Paused", "status", "False")),
                "experiment", Map.of("desiredPhase", "Run", "containerRecords", List.of(Map.of("id", ns + "/" + r.getMetadata().getName() + "-pod",
                        "selectorKey", ".", "phase", "Injected", "injectedCount", 1, "recoveredCount", 0,
                        "events", List.of(Map.of("type", "Succeeded", "operation", "Apply", "timestamp", now))))));
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
