package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One place the system model is read from, as a system configuration names it: {@code address} is a URL
 * ({@code zipkin}, {@code jaeger}, {@code prometheus}, {@code proxy}), a {@code host:port} to listen on
 * ({@code otlp}) or a file path ({@code otlp-file}); {@code options} holds the kind's extra settings (for
 * {@code proxy}: which edge each proxy sits on, {@code proxyName -> caller->callee}; for {@code kubernetes}: {@code context},
 * {@code namespaces} (comma-separated), {@code serviceLabel}, its address being the API server URL or {@code kubeconfig}; for
 * {@code prometheus}: {@code mesh} = {@code istio} or {@code linkerd} to read edges from that mesh's request metrics).
 */
public record TelemetrySourceConfig(Kind kind, String address, Map<String, String> options) {
    public enum Kind {
        OTLP, OTLP_FILE, ZIPKIN, JAEGER, PROMETHEUS, PROXY, KUBERNETES;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Kind> byId(String id) {
            return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
        }
    }

    public TelemetrySourceConfig {
        requireNonNull(kind, "kind");
        requireNonNull(address, "address");
        options = Map.copyOf(options);
        if (address.isBlank()) throw new IllegalArgumentException(kind.id() + " source needs an address");
    }
}
