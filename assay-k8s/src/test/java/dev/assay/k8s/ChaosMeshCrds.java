package dev.assay.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Chaos Mesh's own CRDs, read unmodified from {@code ../shared/thirdparty/chaos-mesh-crds/} (beside the repository
 * root; from a worktree nested deeper, the nearest ancestor's {@code shared/}), never copied into the project.
 * {@link #violations} validates an object against its kind's {@code openAPIV3Schema} with a real JSON-schema
 * validator. Like the API server's strict field validation, a field the schema does not declare is a violation:
 * every object schema without {@code additionalProperties} or {@code x-kubernetes-preserve-unknown-fields} gets
 * {@code additionalProperties: false} in the in-memory copy (the files themselves are never changed).
 */
final class ChaosMeshCrds {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<ChaosKind, JsonSchema> SCHEMAS = new EnumMap<>(ChaosKind.class);

    private ChaosMeshCrds() {
    }

    static Path directory() {
        Path root = Path.of("").toAbsolutePath().getParent(); // tests run in assay-k8s/; the repository root is its parent
        for (Path p = root.getParent(); p != null; p = p.getParent()) { // ../shared first, then further up for nested worktrees
            Path candidate = p.resolve("shared/thirdparty/chaos-mesh-crds");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new AssertionError("Chaos Mesh CRDs not found at ../shared/thirdparty/chaos-mesh-crds/ from " + root
                + "; the shared/ folder must sit beside the repository");
    }

    static Path file(ChaosKind kind) {
        return directory().resolve(kind.crdFile());
    }

    static synchronized JsonSchema schema(ChaosKind kind) {
        return SCHEMAS.computeIfAbsent(kind, k -> {
            try {
                JsonNode crd = new YAMLMapper().readTree(file(k).toFile());
                JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema").deepCopy();
                if (schema.isMissingNode()) throw new AssertionError(file(k) + " has no openAPIV3Schema");
                strict(schema);
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema, config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The schema violations of {@code object} (a whole Chaos Mesh object as JSON-able maps) for its kind. */
    static Set<ValidationMessage> violations(ChaosKind kind, Object object) {
        return schema(kind).validate(JSON.valueToTree(object));
    }

    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && !o.has("additionalProperties") && !o.has("x-kubernetes-preserve-unknown-fields")) {
                o.put("additionalProperties", false);
            }
        }
        Iterator<JsonNode> children = node.elements();
        while (children.hasNext()) strict(children.next());
    }
}
