package dev.assay.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.assay.model.Edge;
import dev.assay.model.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planted truth, the shipped intents and the docs agree with each other. */
class PlantedTruthTest {
    static final Path EXAMPLES = Path.of("..", "examples", "demo");
    private final PlantedTruth truth = PlantedTruth.load();

    static Map<String, JsonNode> intentFiles(Path dir) throws Exception {
        Map<String, JsonNode> byId = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".intent.yaml")).toList()) {
                JsonNode n = new YAMLMapper().readTree(f.toFile());
                byId.put(n.at("/metadata/id").asText(), n);
            }
        }
        return byId;
    }

    @Test
    void everyShippedIntentHasAPlantedOutcomeAndViceVersa() throws Exception {
        assertThat(intentFiles(EXAMPLES).keySet()).containsExactlyInAnyOrderElementsOf(truth.intents().keySet());
        assertThat(truth.intents().values().stream().map(PlantedTruth.IntentTruth::expected).collect(Collectors.toSet()))
                .contains("SUPPORTED", "ABORTED", "REDUNDANT", "STALE");
    }

    @Test
    void everyFaultTargetIsAServiceOfTheShop() throws Exception {
        Set<String> services = truth.topology().services().stream().map(Service::name).collect(Collectors.toSet());
        intentFiles(EXAMPLES).values().forEach(n -> assertThat(services).contains(n.at("/spec/fault/target").asText()));
    }

    @Test
    void theStaleIntentsEdgeExistedInThePreviousReleaseButNotInTheShop() throws Exception {
        String staleEdge = truth.intents().get("cart-survives-inventory-errors").staleEdge().orElseThrow();
        Set<String> now = truth.topology().edges().stream().map(Edge::key).collect(Collectors.toSet());
        JsonNode previous = new ObjectMapper().readTree(EXAMPLES.resolve(DemoIntents.PREVIOUS_TOPOLOGY).toFile());
        Set<String> before = new java.util.HashSet<>();
        previous.path("edges").forEach(e -> before.add(e.path("from").asText() + "->" + e.path("to").asText()));
        assertThat(before).contains(staleEdge);
        assertThat(now).doesNotContain(staleEdge);
    }

    @Test
    void theRedundantIntentMakesTheSameClaimUnderTheSameFaultAsItsTwin() throws Exception {
        Map<String, JsonNode> files = intentFiles(EXAMPLES);
        PlantedTruth.IntentTruth redundant = truth.intents().get("homepage-renders-without-recommendations");
        JsonNode twin = files.get(redundant.redundantWith().orElseThrow());
        assertThat(files.get("homepage-renders-without-recommendations").at("/spec/fault")).isEqualTo(twin.at("/spec/fault"));
    }

    @Test
    void everyPlantedEdgeTruthIsAnEdgeOfTheShopAndTheWeaknessesAreTheWrongMechanisms() {
        Set<String> edges = truth.topology().edges().stream().map(Edge::key).collect(Collectors.toSet());
        truth.edges().forEach(e -> assertThat(edges).contains(e.key()));
        assertThat(truth.fragileEdges())
                .containsExactlyInAnyOrder("checkout->inventory", "checkout->payment", "cart->cart-db", "assistant->llm");
        assertThat(truth.weaknesses()).filteredOn(e -> e.key().equals("assistant->llm")).extracting(PlantedTruth.EdgeTruth::faultClass)
                .as("no timeout on the stream; 429s retried without backoff").containsExactly(dev.assay.model.FaultClass.LATENCY, dev.assay.model.FaultClass.ERRORS);
        assertThat(truth.edge("assistant", "llm", dev.assay.model.FaultClass.ERRORS)).as("the first errors entry is the weakness, the one findings are checked against")
                .hasValueSatisfying(e -> assertThat(e.tolerant()).isFalse());
    }

    @Test
    void theDocumentationTableNamesEveryIntentAndEveryEdge() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "demo.md"));
        truth.intents().keySet().forEach(id -> assertThat(doc).contains("`" + id + "`"));
        truth.topology().edges().forEach(e -> assertThat(doc).containsPattern(e.from() + " (→|⇢) " + e.to()));
    }

    @Test
    void theBundledCopiesAreTheFilesInExamples(@TempDir Path dir) throws Exception {
        DemoIntents.extractTo(dir);
        for (String f : DemoIntents.FILES) assertThat(dir.resolve(f)).hasSameTextualContentAs(EXAMPLES.resolve(f));
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".intent.yaml")))
                    .containsExactlyInAnyOrderElementsOf(DemoIntents.FILES);
        }
    }
}
