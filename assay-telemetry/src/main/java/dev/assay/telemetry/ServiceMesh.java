package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.assay.telemetry.MeshTrafficSource.Workload;

/**
 * The request metrics a service mesh's proxies export, as Prometheus stores them: which counter, which PromQL
 * sums it per caller/callee workload over a window, and how one resulting series reads as calls between
 * workloads. Istio: {@code istio_requests_total} (an error is a 5xx or no response, {@code response_code="0"});
 * Linkerd: {@code response_total} of the outbound side (an error is {@code classification="failure"}).
 */
public enum ServiceMesh {
    ISTIO("istio_requests_total", "the Istio sidecars (or ztunnel/waypoints): Istio's Prometheus scrape configuration") {
        @Override
        String edgesQuery(String window) {
            return "sum by (reporter, source_workload, source_workload_namespace, destination_workload, destination_workload_namespace,"
                    + " destination_service_name, destination_service_namespace, response_code) (increase(" + metric + "[" + window + "]))";
        }

        @Override
        Optional<Calls> calls(JsonNode l, double value) {
            Optional<Workload> from = workload(l, "source_workload_namespace", "source_workload");
            Optional<Workload> to = workload(l, "destination_workload_namespace", "destination_workload")
                    .or(() -> workload(l, "destination_service_namespace", "destination_service_name"));
            String code = l.path("response_code").asText("");
            boolean error = code.startsWith("5") || code.equals("0");
            return to.map(t -> new Calls(l.path("reporter").asText(""), from, t, value, error ? value : 0));
        }
    },
    LINKERD("response_total", "the Linkerd proxies (linkerd-viz's Prometheus, or your own scrape of the proxies' :4191/metrics)") {
        @Override
        String edgesQuery(String window) {
            return "sum by (namespace, deployment, statefulset, daemonset, dst_namespace, dst_deployment, dst_statefulset, dst_daemonset,"
                    + " dst_service, classification) (increase(" + metric + "{direction=\"outbound\"}[" + window + "]))";
        }

        @Override
        Optional<String> inboundQuery(String window) {
            return Optional.of("sum by (namespace, deployment, statefulset, daemonset) (increase(" + metric + "{direction=\"inbound\"}[" + window + "]))");
        }

        @Override
        Optional<Calls> calls(JsonNode l, double value) {
            Optional<Workload> from = first(l, "namespace", "deployment", "statefulset", "daemonset");
            Optional<Workload> to = first(l, "dst_namespace", "dst_deployment", "dst_statefulset", "dst_daemonset", "dst_service");
            boolean error = l.path("classification").asText("").equals("failure");
            return to.map(t -> new Calls("outbound", from, t, value, error ? value : 0));
        }

        @Override
        Optional<Workload> inbound(JsonNode l) {
            return first(l, "namespace", "deployment", "statefulset", "daemonset");
        }
    };

    /** Requests one series counts from a workload ({@code from}: empty when outside the mesh) to another, over the window. */
    record Calls(String reporter, Optional<Workload> from, Workload to, double calls, double errors) {
    }

    final String metric;
    final String scrapedFrom;

    ServiceMesh(String metric, String scrapedFrom) {
        this.metric = metric;
        this.scrapedFrom = scrapedFrom;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ServiceMesh> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(ServiceMesh::id).toList();
    }

    /** PromQL: the request increase over {@code window} per caller/callee (and what tells errors apart). */
    abstract String edgesQuery(String window);

    /** The calls one series of {@link #edgesQuery} counts; empty when it names no callee. */
    abstract Optional<Calls> calls(JsonNode metricLabels, double value);

    /** PromQL for the requests each workload received, when the edges query does not already show them. */
    Optional<String> inboundQuery(String window) {
        return Optional.empty();
    }

    /** The workload a series of {@link #inboundQuery} counts for. */
    Optional<Workload> inbound(JsonNode metricLabels) {
        return Optional.empty();
    }

    private static Optional<Workload> workload(JsonNode l, String namespaceLabel, String nameLabel) {
        String name = l.path(nameLabel).asText("");
        if (name.isEmpty() || name.equals("unknown")) return Optional.empty();
        return Optional.of(new Workload(l.path(namespaceLabel).asText(""), name));
    }

    private static Optional<Workload> first(JsonNode l, String namespaceLabel, String... nameLabels) {
        for (String n : nameLabels) {
            Optional<Workload> w = workload(l, namespaceLabel, n);
            if (w.isPresent()) return w;
        }
        return Optional.empty();
    }
}
