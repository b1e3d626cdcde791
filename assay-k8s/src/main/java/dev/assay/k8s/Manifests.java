package dev.assay.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The objects to run {@code assay serve} in a cluster: a ServiceAccount, a ClusterRole with least privilege (create,
 * read and delete only the Chaos Mesh kinds Assay creates, never update them; read-only on Services, Deployments
 * and pods), bound by a RoleBinding in each target namespace only, a ConfigMap holding {@code assay.yaml}, a Secret
 * holding the API's bearer token, the Deployment (serve's JSON API on {@value #API_PORT} off loopback, so with the
 * token, read from the Secret's file; probes on {@value #HEALTH_PATH}) and a ClusterIP Service in front of it.
 * Printed as one multi-document YAML stream.
 */
public final class Manifests {
    /** The verbs the injector and reaper use on Chaos Mesh objects (no update/patch: Chaos Mesh rejects spec updates). */
    public static final List<String> CHAOS_VERBS = List.of("create", "get", "list", "watch", "delete");
    public static final List<String> READ_VERBS = List.of("get", "list", "watch");
    /** The port {@code assay serve} listens on in the pod (all addresses: the kubelet's probes and the Service reach it). */
    public static final int API_PORT = 8080;
    /** The OTLP/HTTP port of the default {@code assay.yaml}. */
    public static final int OTLP_PORT = 4318;
    /** Where serve answers the probes (no token needed there: it says nothing about the system). */
    public static final String HEALTH_PATH = "/healthz";
    public static final String TOKEN_DIR = "/var/run/secrets/assay";
    public static final String TOKEN_FILE = TOKEN_DIR + "/token";

    /** The arguments of the container: {@code assay serve} with the mounted config, journal and token. */
    public static final List<String> SERVE_ARGS = List.of("serve", "--system", "/etc/assay/assay.yaml", "--journal", "/var/lib/assay/journal.db",
            "--listen", "0.0.0.0:" + API_PORT, "--token-file", TOKEN_FILE);

    private Manifests() {
    }

    /**
     * Where Assay runs ({@code namespace}), from which image, which namespaces it may fault, its {@code assay.yaml},
     * and the API's bearer token (at least 16 characters, as serve requires off loopback).
     */
    public record Settings(String namespace, String image, List<String> targetNamespaces, String systemYaml, String token) {
        public Settings {
            requireNonNull(namespace, "namespace");
            requireNonNull(image, "image");
            requireNonNull(systemYaml, "systemYaml");
            requireNonNull(token, "token");
            targetNamespaces = List.copyOf(targetNamespaces);
            if (targetNamespaces.isEmpty()) throw new IllegalArgumentException("at least one target namespace");
            if (token.strip().length() < 16 || !token.equals(token.strip())) {
                throw new dev.assay.model.InvalidInputException("the API token must be at least 16 characters without surrounding spaces"
                        + " (e.g. `openssl rand -hex 16`)");
            }
        }
    }

    /** A fresh random token: 32 hex digits from a {@link java.security.SecureRandom}. */
    public static String randomToken() {
        byte[] b = new byte[16];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    public static List<HasMetadata> objects(Settings s) {
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "assay", ChaosLeases.MANAGED_BY, "assay");
        List<HasMetadata> out = new ArrayList<>();
        out.add(new ServiceAccountBuilder().withNewMetadata().withName("assay").withNamespace(s.namespace()).withLabels(labels).endMetadata()
                .withAutomountServiceAccountToken(true).build());
        out.add(new ClusterRoleBuilder().withNewMetadata().withName("assay-chaos").withLabels(labels).endMetadata().withRules(rules()).build());
        for (String ns : s.targetNamespaces()) {
            out.add(new RoleBindingBuilder().withNewMetadata().withName("assay-chaos").withNamespace(ns).withLabels(labels).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("assay-chaos").endRoleRef()
                    .addNewSubject().withKind("ServiceAccount").withName("assay").withNamespace(s.namespace()).endSubject().build());
        }
        out.add(new ConfigMapBuilder().withNewMetadata().withName("assay-config").withNamespace(s.namespace()).withLabels(labels).endMetadata()
                .withData(Map.of("assay.yaml", s.systemYaml())).build());
        out.add(new SecretBuilder().withNewMetadata().withName("assay-token").withNamespace(s.namespace()).withLabels(labels).endMetadata()
                .withType("Opaque").withStringData(Map.of("token", s.token())).build());
        out.add(new DeploymentBuilder().withNewMetadata().withName("assay").withNamespace(s.namespace()).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(1) // one controller: leases and the journal assume a single writer
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewSelector().withMatchLabels(Map.of("app.kubernetes.io/name", "assay")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
                .withServiceAccountName("assay")
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(10001L).withFsGroup(10001L).endSecurityContext()
                .addNewContainer().withName("assay").withImage(s.image())
                .withArgs(SERVE_ARGS)
                .addNewPort().withName("api").withContainerPort(API_PORT).endPort()
                .addNewPort().withName("otlp").withContainerPort(OTLP_PORT).endPort()
                .withNewReadinessProbe().withNewHttpGet().withPath(HEALTH_PATH).withPort(new IntOrString("api")).endHttpGet()
                .withPeriodSeconds(10).withFailureThreshold(3).endReadinessProbe()
                .withNewLivenessProbe().withNewHttpGet().withPath(HEALTH_PATH).withPort(new IntOrString("api")).endHttpGet()
                .withInitialDelaySeconds(30).withPeriodSeconds(20).withTimeoutSeconds(5).withFailureThreshold(3).endLivenessProbe()
                .addNewEnv().withName("ASSAY_NAMESPACES").withValue(String.join(",", s.targetNamespaces())).endEnv()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .withNewResources().withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")))
                .withLimits(Map.of("memory", new Quantity("512Mi"))).endResources()
                .addNewVolumeMount().withName("config").withMountPath("/etc/assay").withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("journal").withMountPath("/var/lib/assay").endVolumeMount()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addNewVolumeMount().withName("token").withMountPath(TOKEN_DIR).withReadOnly(true).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("config").withNewConfigMap().withName("assay-config").endConfigMap().endVolume()
                // the journal outlives restarts only on a PersistentVolumeClaim: replace this emptyDir with one in production
                .addNewVolume().withName("journal").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                // 0440: root-owned, readable by the pod's fsGroup (10001) only
                .addNewVolume().withName("token").withNewSecret().withSecretName("assay-token").withDefaultMode(0440).endSecret().endVolume()
                .endSpec().endTemplate().endSpec().build());
        out.add(new ServiceBuilder().withNewMetadata().withName("assay").withNamespace(s.namespace()).withLabels(labels).endMetadata()
                .withNewSpec().withType("ClusterIP").withSelector(Map.of("app.kubernetes.io/name", "assay"))
                .addNewPort().withName("api").withPort(API_PORT).withTargetPort(new IntOrString("api")).endPort()
                .addNewPort().withName("otlp").withPort(OTLP_PORT).withTargetPort(new IntOrString("otlp")).endPort()
                .endSpec().build());
        return out;
    }

    /** The least-privilege rules: the four Chaos Mesh kinds (no update/patch), read-only Services, Deployments and pods. */
    public static List<PolicyRule> rules() {
        return List.of(
                new PolicyRuleBuilder().withApiGroups(ChaosKind.GROUP).withResources(Arrays.stream(ChaosKind.values()).map(ChaosKind::plural).toList())
                        .withVerbs(CHAOS_VERBS).build(),
                new PolicyRuleBuilder().withApiGroups("").withResources("services", "pods").withVerbs(READ_VERBS).build(),
                new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withVerbs(READ_VERBS).build());
    }

    public static String yaml(Settings s) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        StringBuilder out = new StringBuilder();
        for (HasMetadata o : objects(s)) {
            String doc = serialization.asYaml(o);
            out.append(doc.startsWith("---") ? doc : "---\n" + doc);
            if (!doc.endsWith("\n")) out.append('\n');
        }
        return out.toString();
    }

    /** An {@code assay.yaml} for a cluster when none is given: discovery and injection through Kubernetes in the target namespaces. */
    public static String defaultSystemYaml(List<String> targetNamespaces) {
        String ns = String.join(", ", targetNamespaces);
        return """
                apiVersion: assay/v1
                kind: System
                metadata:
                  name: cluster
                spec:
                  telemetry:
                    - {kind: kubernetes, namespaces: [%s]}
                    - {kind: otlp, listen: "0.0.0.0:%d"}
                  injectors:
                    - {type: kubernetes, namespaces: [%s]}
                """.formatted(ns, OTLP_PORT, ns);
    }
}
