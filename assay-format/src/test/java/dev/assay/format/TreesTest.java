package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreesTest {
    @Test
    void everyYamlNodeKnowsItsLineAndColumn() {
        Problems p = Problems.in("x.yaml");
        Node doc = Trees.read("x.yaml", "a: 1\nb:\n  - x\n  - {c: true}\n", p).get(0);
        Node.MapNode root = (Node.MapNode) doc;
        assertThat(root.entry("b").orElseThrow().keyPosition()).isEqualTo(new Position(2, 1));
        Node.ListNode b = (Node.ListNode) root.get("b").orElseThrow();
        assertThat(b.items().get(0).position()).isEqualTo(new Position(3, 5));
        Node.MapNode c = (Node.MapNode) b.items().get(1);
        assertThat(c.get("c").orElseThrow()).isEqualTo(new Node.ScalarNode(new Position(4, 9), "true", Node.ScalarKind.BOOLEAN));
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void numbersKeepTheirExactSpelling() {
        Problems p = Problems.in("x.yaml");
        Node.MapNode root = (Node.MapNode) Trees.read("x.yaml", "n: 0.10\n", p).get(0);
        assertThat(root.get("n").orElseThrow()).isEqualTo(new Node.ScalarNode(new Position(1, 4), "0.10", Node.ScalarKind.NUMBER));
    }

    @Test
    void severalYamlDocumentsAreSeveralTrees() {
        Problems p = Problems.in("x.yaml");
        assertThat(Trees.read("x.yaml", "a: 1\n---\nb: 2\n---\nc: 3\n", p)).hasSize(3)
                .extracting(Node::position).extracting(Position::line).containsExactly(1, 3, 5);
    }

    @Test
    void duplicateKeysAreProblemsAndTheFirstValueIsKept() {
        Problems p = Problems.in("x.json");
        Node.MapNode root = (Node.MapNode) Trees.read("x.json", "{\"a\": 1,\n \"a\": 2}", p).get(0);
        assertThat(((Node.ScalarNode) root.get("a").orElseThrow()).text()).isEqualTo("1");
        assertThat(p.list()).singleElement().satisfies(pr -> {
            assertThat(pr.line()).isEqualTo(2);
            assertThat(pr.message()).contains("duplicate key 'a' (first written at 1:2)");
        });
    }

    @Test
    void malformedInputKeepsWhatWasReadBeforeAndReportsWhere() {
        Problems p = Problems.in("x.yaml");
        List<Node> docs = Trees.read("x.yaml", "a: 1\n---\nb: [1,\n", p);
        assertThat(docs).hasSize(1);
        assertThat(p.list()).singleElement().satisfies(pr -> assertThat(pr.message()).startsWith("malformed YAML"));
    }

    @Test
    void emptyFileIsAProblem() {
        Problems p = Problems.in("x.yaml");
        assertThat(Trees.read("x.yaml", "# nothing here\n", p)).isEmpty();
        assertThat(p.list()).singleElement().satisfies(pr -> assertThat(pr.message()).contains("empty"));
    }

    @Test
    void unreadableFileIsAProblemNotAnException() {
        Problems p = Problems.in("missing.yaml");
        assertThat(Trees.read(java.nio.file.Path.of("does/not/exist.yaml"), "missing.yaml", p)).isEmpty();
        assertThat(p.list()).singleElement().satisfies(pr -> {
            assertThat(pr.line()).isZero();
            assertThat(pr.render()).isEqualTo("missing.yaml: no such file; check the path");
        });
    }

    @Test
    void suggestionsFindPlausibleTyposOnly() {
        assertThat(Suggestions.closest("hypothesys", List.of("hypothesis", "fault"))).contains("hypothesis");
        assertThat(Suggestions.closest("budgetFractoin", List.of("budgetFraction", "maxDuration"))).contains("budgetFraction");
        assertThat(Suggestions.closest("zzz", List.of("latency", "error"))).isEmpty();
        assertThat(Suggestions.distance("ab", "ba")).isEqualTo(1);
    }
}
