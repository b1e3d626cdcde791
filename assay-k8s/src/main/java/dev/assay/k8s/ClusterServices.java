package dev.assay.k8s;

import dev.assay.model.InvalidInputException;
import dev.assay.telemetry.MeshTrafficSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services of the selected namespaces, read from the cluster: every Service with a pod selector, and every
 * Deployment no Service already covers. A service's Assay name is its {@code serviceLabel} label
 * ({@code app.kubernetes.io/name} by default) or else its object name. Read-only.
 */
public final class ClusterServices {
    public static final String DEFAULT_SERVICE_LABEL = "app.kubernetes.io/name";

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final String serviceLabel;

    private ClusterServices(KubernetesClient client, List<String> namespaces, String serviceLabel) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
        this.serviceLabel = serviceLabel;
    }

    /** Services of {@code namespaces} (empty: the client's namespace). */
    public static ClusterServices create(KubernetesClient client, List<String> namespaces, String serviceLabel) {
        return new ClusterServices(client, namespaces, serviceLabel);
    }

    public List<String> namespaces() {
        return namespaces.isEmpty() ? List.of(client.getNamespace() == null ? "default" : client.getNamespace()) : namespaces;
    }

    /** Every service, by Assay name (the first namespace listed wins a name present in several). */
    public List<ServiceRef> list() {
        Map<String, ServiceRef> out = new LinkedHashMap<>();
        try {
            for (String ns : namespaces()) {
                for (io.fabric8.kubernetes.api.model.Service s : client.services().inNamespace(ns).list().getItems()) {
                    Map<String, String> selector = s.getSpec() == null || s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector();
                    if (selector.isEmpty()) continue; // ExternalName or manually managed endpoints: no pods to fault
                    out.putIfAbsent(name(s.getMetadata().getLabels(), s.getMetadata().getName()),
                            new ServiceRef(name(s.getMetadata().getLabels(), s.getMetadata().getName()), ns, selector, port(s)));
                }
                for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
                    Map<String, String> selector = d.getSpec() == null || d.getSpec().getSelector() == null
                            || d.getSpec().getSelector().getMatchLabels() == null ? Map.of() : d.getSpec().getSelector().getMatchLabels();
                    String name = name(d.getMetadata().getLabels(), d.getMetadata().getName());
                    boolean covered = out.values().stream().anyMatch(r -> r.namespace().equals(ns) && selector.entrySet().containsAll(r.podSelector().entrySet()));
                    if (!selector.isEmpty() && !covered) out.putIfAbsent(name, new ServiceRef(name, ns, selector, Optional.empty()));
                }
            }
        } catch (KubernetesClientException e) {
            throw new KubernetesUnavailableException("cannot list Services/Deployments in " + namespaces() + " (" + e.getMessage()
                    + "); check the context and that the service account may list them", e);
        }
        return List.copyOf(out.values());
    }

    /**
     * The Assay service each workload is, as a mesh names workloads (namespace + Deployment or Service name): a
     * Service is its own Assay name; a Deployment is the Assay name of the first Service in its namespace whose
     * selector its pods match, else its own (label or name). Read-only.
     */
    public Map<MeshTrafficSource.Workload, String> workloads() {
        Map<MeshTrafficSource.Workload, String> out = new LinkedHashMap<>();
        try {
            for (String ns : namespaces()) {
                List<ServiceRef> inNamespace = new ArrayList<>();
                for (io.fabric8.kubernetes.api.model.Service s : client.services().inNamespace(ns).list().getItems()) {
                    String name = name(s.getMetadata().getLabels(), s.getMetadata().getName());
                    out.put(new MeshTrafficSource.Workload(ns, s.getMetadata().getName()), name);
                    Map<String, String> selector = s.getSpec() == null || s.getSpec().getSelector() == null ? Map.of() : s.getSpec().getSelector();
                    if (!selector.isEmpty()) inNamespace.add(new ServiceRef(name, ns, selector, Optional.empty()));
                }
                for (Deployment d : client.apps().deployments().inNamespace(ns).list().getItems()) {
                    Map<String, String> labels = d.getSpec() == null || d.getSpec().getSelector() == null
                            || d.getSpec().getSelector().getMatchLabels() == null ? Map.of() : d.getSpec().getSelector().getMatchLabels();
                    String own = name(d.getMetadata().getLabels(), d.getMetadata().getName());
                    String name = inNamespace.stream().filter(r -> r.selects(ns, labels)).map(ServiceRef::name).findFirst().orElse(own);
                    out.put(new MeshTrafficSource.Workload(ns, d.getMetadata().getName()), name);
                }
            }
        } catch (KubernetesClientException e) {
            throw new KubernetesUnavailableException("cannot list Services/Deployments in " + namespaces() + " (" + e.getMessage()
                    + "); check the context and that the service account may list them", e);
        }
        return out;
    }

    /** The service named {@code name}; an input error naming the namespaces searched when there is none. */
    public ServiceRef find(String name) {
        List<ServiceRef> all = list();
        return all.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow(() -> new InvalidInputException(
                "no Service or Deployment named '" + name + "' (by label " + serviceLabel + " or name) in namespaces " + namespaces()
                        + "; known: " + all.stream().map(ServiceRef::name).toList()));
    }

    /** The running pods a selector picks in a namespace. */
    public List<Pod> pods(String namespace, Map<String, String> selector) {
        try {
            return client.pods().inNamespace(namespace).withLabels(selector).list().getItems();
        } catch (KubernetesClientException e) {
            throw new KubernetesUnavailableException("cannot list pods in " + namespace + " (" + e.getMessage() + ")", e);
        }
    }

    /** Every pod of a namespace (to check a wide selector against exclusion zones). */
    public List<Pod> pods(String namespace) {
        return pods(namespace, Map.of());
    }

    private String name(Map<String, String> labels, String objectName) {
        return labels != null && labels.containsKey(serviceLabel) ? labels.get(serviceLabel) : objectName;
    }

    private static Optional<Integer> port(io.fabric8.kubernetes.api.model.Service s) {
        List<ServicePort> ports = s.getSpec().getPorts() == null ? List.of() : new ArrayList<>(s.getSpec().getPorts());
        if (ports.isEmpty()) return Optional.empty();
        IntOrString target = ports.get(0).getTargetPort();
        if (target != null && target.getIntVal() != null) return Optional.of(target.getIntVal());
        return target == null || target.getStrVal() == null ? Optional.ofNullable(ports.get(0).getPort()) : Optional.empty();
    }
}
