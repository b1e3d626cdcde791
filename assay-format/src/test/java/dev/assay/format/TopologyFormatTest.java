package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.Edge;
import dev.assay.model.Problem;
import dev.assay.model.Resilience;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TopologyFormatTest {
    static Stream<Path> sharedTopologies() throws Exception {
        return Files.list(Path.of("..", "examples", "topologies")).sorted();
    }

    static List<Problem> problems(String json) {
        Problems p = Problems.in("t.topology.json");
        TopologyFormat.parse(json, p);
        return p.list();
    }

    @ParameterizedTest
    @MethodSource("sharedTopologies")
    void readsTheBundledTopologies(Path file) {
        Topology t = TopologyFormat.read(file);
        assertThat(t.services()).isNotEmpty();
        assertThat(t.edges()).isNotEmpty();
        assertThat(t.journeys()).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource("sharedTopologies")
    void printedJsonReadsBackToAnEqualTopology(Path file) {
        Topology t = TopologyFormat.read(file);
        assertThat(TopologyFormat.parse("again.topology.json", TopologyFormat.printJson(t))).isEqualTo(t);
    }

    @Test
    void appliesTheFormatDefaults() {
        Topology t = TopologyFormat.parse("t.topology.json", """
                {"name": "t", "services": [{"name": "a"}, {"name": "b", "kind": "database"}, {"name": "c"}],
                 "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c", "sync": false, "callsPerRequest": 2.5,
                            "resilience": {"timeoutMs": null, "retries": 2}}]}
                """);
        assertThat(t.service("a").orElseThrow().kind()).isEqualTo(ServiceKind.SERVICE);
        assertThat(t.service("b").orElseThrow().kind()).isEqualTo(ServiceKind.DATABASE);
        assertThat(t.edges().get(0)).isEqualTo(Edge.of("a", "b"));
        assertThat(t.edges().get(1).sync()).isFalse();
        assertThat(t.edges().get(1).callsPerRequest()).isEqualTo(2.5);
        assertThat(t.edges().get(1).resilience()).contains(new Resilience(Optional.empty(), 2, false, false));
        assertThat(t.journeys()).singleElement().satisfies(j -> {
            assertThat(j.entry()).isEqualTo("a");
            assertThat(j.uses()).containsExactly("b", "c");
        });
    }

    @Test
    void journeyWithoutUsesUsesEverythingReachableEvenThroughCycles() {
        Topology t = TopologyFormat.parse("t.topology.json", """
                {"name": "t", "services": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
                 "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}, {"from": "c", "to": "b"}],
                 "journeys": [{"name": "j", "entry": "a", "weight": 2,
                               "uses": null}, {"name": "k", "entry": "b", "uses": ["c"]}]}
                """);
        assertThat(t.journey("j").orElseThrow().uses()).containsExactly("b", "c");
        assertThat(t.journey("k").orElseThrow().weight()).isEqualTo(1.0);
    }

    @Test
    void timeoutIsReadInMilliseconds() {
        Topology t = TopologyFormat.parse("t.topology.json", """
                {"name": "t", "services": [{"name": "a"}, {"name": "b"}],
                 "edges": [{"from": "a", "to": "b", "resilience": {"timeoutMs": 1000, "fallback": true, "circuitBreaker": true}}]}
                """);
        assertThat(t.edges().get(0).resilience().orElseThrow().timeout()).contains(Duration.ofSeconds(1));
    }

    @Test
    void edgeNamingAnUnknownServiceIsReportedAtTheName() {
        assertThat(problems("""
                {"name": "t", "services": [{"name": "cart"}, {"name": "frontend"}],
                 "edges": [{"from": "frontend", "to": "carts"}]}
                """)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(39);
            assertThat(p.field()).isEqualTo("edges[0].to");
            assertThat(p.message()).contains("unknown service 'carts'").contains("did you mean 'cart'?");
        });
    }

    @Test
    void duplicateServiceAndDuplicateEdgeAreReported() {
        assertThat(problems("""
                {"name": "t", "services": [{"name": "a"}, {"name": "b"},
                  {"name": "a"}],
                 "edges": [{"from": "a", "to": "b"},
                   {"from": "a", "to": "b"}]}
                """)).satisfiesExactly(
                p -> {
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.message()).contains("duplicate service 'a' (first declared at 1:37)");
                },
                p -> {
                    assertThat(p.line()).isEqualTo(4);
                    assertThat(p.message()).contains("duplicate edge a->b");
                });
    }

    @Test
    void journeyEntryAndUsesMustExist() {
        assertThat(problems("""
                {"name": "t", "services": [{"name": "a"}, {"name": "b"}],
                 "journeys": [{"name": "j", "entry": "front", "uses": ["b", "zz"]}]}
                """)).extracting(Problem::field).containsExactly("journeys[0].entry", "journeys[0].uses[1]");
    }

    @Test
    void badKindListsTheKinds() {
        assertThat(problems("""
                {"name": "t", "services": [{"name": "a", "kind": "databse"}]}
                """)).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("services[0].kind");
            assertThat(p.message()).contains("did you mean 'database'?").contains("queue");
        });
    }

    @Test
    void malformedJsonIsOneProblemWithItsPosition() {
        assertThat(problems("{\"name\": \"t\",\n \"services\": [{\"name\": \"a\"},]}\n")).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("malformed JSON");
        });
    }

    @Test
    void badFixturesAllFail() throws Exception {
        try (var files = Files.list(Path.of("src/test/resources/topologies"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("bad-")).toList()) {
                Problems p = Problems.in(f.toString());
                assertThat(TopologyFormat.read(f, f.toString(), p)).as(f.toString()).isEmpty();
                assertThat(p.list()).as(f.toString()).isNotEmpty().allSatisfy(pr -> assertThat(pr.line()).isPositive());
            }
        }
    }
}
