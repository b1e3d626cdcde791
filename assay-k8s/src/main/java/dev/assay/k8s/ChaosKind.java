package dev.assay.k8s;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Chaos Mesh kinds Assay creates (group {@code chaos-mesh.org}, version {@code v1alpha1}); nothing else is ever created. */
public enum ChaosKind {
    NETWORK("NetworkChaos", "networkchaos"),
    HTTP("HTTPChaos", "httpchaos"),
    POD("PodChaos", "podchaos"),
    STRESS("StressChaos", "stresschaos");

    public static final String GROUP = "chaos-mesh.org";
    public static final String VERSION = "v1alpha1";

    private final String kind;
    private final String plural;

    ChaosKind(String kind, String plural) {
        this.kind = kind;
        this.plural = plural;
    }

    public String kind() {
        return kind;
    }

    public String plural() {
        return plural;
    }

    public String apiVersion() {
        return GROUP + "/" + VERSION;
    }

    /** Chaos Mesh's CRD file for this kind ({@code chaos-mesh.org_networkchaos.yaml}). */
    public String crdFile() {
        return GROUP + "_" + plural + ".yaml";
    }

    ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(VERSION).withKind(kind).withPlural(plural)
                .withNamespaced(true).build();
    }
}
