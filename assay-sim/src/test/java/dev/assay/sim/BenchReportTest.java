package dev.assay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class BenchReportTest {
    static BenchResult result() {
        Map<String, BenchResult.StrategyResult> s = new LinkedHashMap<>();
        s.put("eig", new BenchResult.StrategyResult(Optional.of(2), Optional.of(0.25), 0.01, List.of(
                new BenchResult.Point(0, 0.6, 0), new BenchResult.Point(1, 0.2, 0.1), new BenchResult.Point(2, 0.04, 0.25))));
        s.put("random", new BenchResult.StrategyResult(Optional.empty(), Optional.empty(), 0.3, List.of(
                new BenchResult.Point(0, 0.6, 0), new BenchResult.Point(1, 0.5, 0.4), new BenchResult.Point(2, 0.3, 0.9))));
        return new BenchResult("shop", 5, 60, new BenchOptions(5, 1, List.of(StrategyKind.EIG, StrategyKind.RANDOM), 0.05, 2, 2000),
                s, Duration.ofSeconds(3));
    }

    @Test
    void jsonHasTheIssuesShapeWithNullForATargetNeverReached() throws Exception {
        JsonNode j = new ObjectMapper().readTree(BenchReport.json(result()));

        assertThat(j.get("topology").asText()).isEqualTo("shop");
        assertThat(j.get("strategies").fieldNames()).toIterable().containsExactly("eig", "random");
        JsonNode eig = j.get("strategies").get("eig");
        assertThat(eig.fieldNames()).toIterable().containsExactly("experimentsToTarget", "budgetToTarget", "finalError", "finalJourneyError",
                "experiments", "finalBudget", "curve");
        assertThat(eig.get("experimentsToTarget").asInt()).isEqualTo(2);
        assertThat(eig.get("budgetToTarget").asDouble()).isEqualTo(0.25);
        assertThat(eig.get("curve").get(1).get(0).asInt()).isEqualTo(1);
        assertThat(eig.get("curve").get(1).get(1).asDouble()).isEqualTo(0.2);
        assertThat(j.get("strategies").get("random").get("experimentsToTarget").isNull()).isTrue();
        assertThat(j.get("strategies").get("random").get("budgetToTarget").isNull()).isTrue();
    }

    @Test
    void csvHasOneRowPerCurvePoint() {
        List<String> lines = BenchReport.csv(result()).lines().toList();

        assertThat(lines).hasSize(7).first().isEqualTo("strategy,experiments,error,budget,journeyError");
        assertThat(lines).contains("eig,2,0.040000,0.250000,0.000000", "random,2,0.300000,0.900000,0.000000");
    }

    @Test
    void theTextTableSaysWhichStrategyNeverReachedTheTarget() {
        assertThat(BenchReport.text(result())).contains("not reached").contains("eig").contains("shop");
    }

    @Test
    void thePlotIsWellFormedSvgWithOneLinePerStrategyAndTheTarget(@TempDir Path dir) throws Exception {
        BenchReport.write(result(), dir);
        byte[] svg = Files.readAllBytes(dir.resolve("curves.svg"));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(new String(svg, StandardCharsets.UTF_8)).contains("target 0.05").contains("eig (2)");
        assertThat(dir.resolve("curves.csv")).exists();
        assertThat(dir.resolve("result.json")).exists();
    }
}
