package dev.assay.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes Assay's Chaos Mesh objects whose lease has expired ({@code assay.dev/lease-expires-at} in the past), in
 * the given namespaces — what a killed controller leaves behind. An Assay object whose expiry cannot be read is
 * deleted too: nothing Assay made may live unbounded. Objects without Assay's managed-by label are never touched.
 * One pass is {@link #reap()}; {@link #start(Duration)} runs passes in the background (for {@code run} and {@code serve}).
 */
public final class Reaper {
    private final KubernetesClient client;
    private final List<String> namespaces;
    private final Clock clock;

    private Reaper(KubernetesClient client, List<String> namespaces, Clock clock) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
        this.clock = clock;
    }

    public static Reaper create(KubernetesClient client, List<String> namespaces, Clock clock) {
        return new Reaper(client, namespaces, clock);
    }

    /** One object deleted, and why. */
    public record Reaped(String kind, String namespace, String name, String leaseId, String reason) {
    }

    /** One pass: deletes every expired Assay object; returns what it deleted. */
    public List<Reaped> reap() {
        Instant now = clock.instant();
        List<Reaped> out = new ArrayList<>();
        for (GenericKubernetesResource r : list(client, namespaces, Map.of(ChaosLeases.MANAGED_BY, ChaosLeases.ASSAY))) {
            Map<String, String> annotations = r.getMetadata().getAnnotations() == null ? Map.of() : r.getMetadata().getAnnotations();
            String reason;
            try {
                Instant expires = Instant.parse(annotations.getOrDefault(ChaosLeases.EXPIRES_AT, ""));
                if (now.isBefore(expires)) continue;
                reason = "lease expired at " + expires;
            } catch (DateTimeParseException e) {
                reason = "no readable " + ChaosLeases.EXPIRES_AT + " annotation";
            }
            ChaosKind kind = kindOf(r);
            client.genericKubernetesResources(kind.context()).inNamespace(r.getMetadata().getNamespace()).withName(r.getMetadata().getName()).delete();
            out.add(new Reaped(kind.kind(), r.getMetadata().getNamespace(), r.getMetadata().getName(),
                    annotations.getOrDefault(ChaosLeases.LEASE_ID, "?"), reason));
        }
        return out;
    }

    /** Runs {@link #reap()} every {@code period} on a virtual thread until closed; a failed pass is retried next period. */
    public AutoCloseable start(Duration period) {
        Thread t = Thread.ofVirtual().name("assay-k8s-reaper").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    reap();
                } catch (RuntimeException e) {
                    // API server unreachable: Chaos Mesh still ends each fault at its duration; try again next period
                }
                try {
                    Thread.sleep(period.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return t::interrupt;
    }

    /** Every Chaos Mesh object of the kinds Assay creates carrying {@code labels}, in {@code namespaces}. */
    static List<GenericKubernetesResource> list(KubernetesClient client, List<String> namespaces, Map<String, String> labels) {
        List<GenericKubernetesResource> out = new ArrayList<>();
        for (ChaosKind kind : ChaosKind.values()) {
            for (String ns : namespaces) {
                try {
                    out.addAll(client.genericKubernetesResources(kind.context()).inNamespace(ns).withLabels(labels).list().getItems());
                } catch (KubernetesClientException e) {
                    throw new KubernetesUnavailableException("cannot list " + kind.plural() + " in " + ns + " (" + e.getMessage()
                            + "); is Chaos Mesh installed and may Assay list its objects?", e);
                }
            }
        }
        return out;
    }

    private static ChaosKind kindOf(GenericKubernetesResource r) {
        for (ChaosKind k : ChaosKind.values()) if (k.kind().equals(r.getKind())) return k;
        throw new IllegalStateException("listed a " + r.getKind());
    }
}
