package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.format.TopologyFormat;
import dev.assay.model.Topology;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GraphCommandTest {
    static final String BOUTIQUE = "../examples/topologies/online-boutique.topology.json";

    @Test
    void dotOutputRendersWithGraphviz() throws Exception {
        Cli r = Cli.run("graph", "--topology", BOUTIQUE, "--format", "dot");
        assertThat(r.exitCode()).isZero();
        // The real Graphviz binary (Debian's graphviz package, installed by .ci/run).
        Process dot = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(true).start();
        try (OutputStream in = dot.getOutputStream()) {
            in.write(r.out().getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream svg = new ByteArrayOutputStream();
        dot.getInputStream().transferTo(svg);
        assertThat(dot.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = svg.toString(StandardCharsets.UTF_8);
        assertThat(dot.exitValue()).as(text).isZero();
        assertThat(text).contains("<svg").contains("redis&#45;cart").contains("checkout&#45;&gt;payment");
    }

    @Test
    void jsonOutputReadsBackToAnEqualTopology() throws Exception {
        Cli r = Cli.run("graph", "--topology", BOUTIQUE, "--format", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.get("services").get(0).get("name").asText()).isEqualTo("loadgenerator");
        assertThat(json.get("services").get(0).get("kind").asText()).isEqualTo("external");
        assertThat(json.get("edges").get(0).get("from").asText()).isEqualTo("loadgenerator");
        assertThat(json.get("edges").get(0).get("to").asText()).isEqualTo("frontend");
        Topology original = TopologyFormat.read(Path.of(BOUTIQUE));
        assertThat(TopologyFormat.parse("printed.topology.json", r.out())).isEqualTo(original);
    }

    @Test
    void textOutputListsServicesEdgesAndJourneys() {
        Cli r = Cli.run("graph", "--topology", BOUTIQUE);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("12 services, 16 edges, 3 journeys").contains("checkout->payment").contains("redis-cart");
    }

    @Test
    void invalidTopologyExitsTwoWithPositions() {
        Cli r = Cli.run("graph", "--topology", "../assay-format/src/test/resources/topologies/bad-duplicate-service.topology.json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad-duplicate-service.topology.json:3:").contains("duplicate service 'cart'");
    }

    @Test
    void missingTopologyOptionIsAUsageError() {
        Cli r = Cli.run("graph");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--topology");
    }
}
