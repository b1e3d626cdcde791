package dev.assay.k8s;

import dev.assay.model.InvalidInputException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.Optional;

/**
 * Kubernetes clients for a system file's {@code kind: kubernetes} entries: {@code address} is the API server URL,
 * or {@code kubeconfig} for the kubeconfig's (optionally {@code context}'s) server, or the in-cluster service
 * account when Assay runs in a pod. Uses the JDK's HttpClient; on a plain-http URL (a {@code kubectl proxy}) it
 * speaks HTTP/1.1, since such endpoints do not all accept the JDK's h2c upgrade.
 */
public final class KubernetesClients {
    private KubernetesClients() {
    }

    public static KubernetesClient create(String address, Map<String, String> options) {
        Optional<String> context = Optional.ofNullable(options.get("context")).filter(c -> !c.isBlank());
        Config config;
        if (address.startsWith("http://") || address.startsWith("https://")) {
            ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(address);
            Optional.ofNullable(options.get("token")).ifPresent(b::withOauthToken);
            config = b.build();
        } else if (address.equals("kubeconfig")) {
            config = Config.autoConfigure(context.orElse(null));
        } else {
            throw new InvalidInputException("kubernetes address '" + address + "' is neither an http(s):// API server URL nor 'kubeconfig'");
        }
        Optional.ofNullable(options.get("namespaces")).map(n -> n.split(",")[0].strip()).filter(n -> !n.isEmpty()).ifPresent(config::setNamespace);
        boolean plain = config.getMasterUrl() != null && config.getMasterUrl().startsWith("http://");
        JdkHttpClientFactory factory = plain ? new Http11() : new JdkHttpClientFactory();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(factory).build();
    }

    private static final class Http11 extends JdkHttpClientFactory {
        @Override
        protected void additionalConfig(HttpClient.Builder builder) {
            builder.version(HttpClient.Version.HTTP_1_1);
        }
    }
}
