package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.assay.model.Edge;
import dev.assay.model.FaultClass;
import dev.assay.model.Incident;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Incident files: read like an intent (positioned problems that say what to write), and in step with the schema. */
class IncidentFormatTest {
    static final String VALID = """
            apiVersion: assay/v1
            kind: Incident
            metadata: {id: INC-1}
            spec:
              service: productcatalog
              faultClass: latency
              magnitude: 800ms
              degraded: [browse, frontend]
              at: 2026-11-20T14:05:00Z
              summary: slow after deploy
            """;

    static final Topology SHOP = Topology.withDefaultJourneys("shop",
            List.of(new Service("frontend", ServiceKind.SERVICE), new Service("productcatalog", ServiceKind.SERVICE)),
            List.of(new Edge("frontend", "productcatalog", true, 1, Optional.empty())));

    @Test
    void aValidIncidentIsRead() {
        Incident i = IncidentFormat.parse("i.yaml", VALID, Optional.empty());
        assertThat(i.id()).isEqualTo("INC-1");
        assertThat(i.service()).isEqualTo("productcatalog");
        assertThat(i.faultClass()).isEqualTo(FaultClass.LATENCY);
        assertThat(i.magnitude()).hasValue(800);
        assertThat(i.degraded()).containsExactly("browse", "frontend");
        assertThat(i.at()).isEqualTo(Instant.parse("2026-11-20T14:05:00Z"));
        assertThat(i.open()).isTrue();
    }

    @Test
    void anErrorsIncidentTakesAShare() {
        Incident i = IncidentFormat.parse("i.yaml", VALID.replace("latency", "errors").replace("800ms", "30%"), Optional.empty());
        assertThat(i.magnitude()).hasValue(0.3);
    }

    @Test
    void everyProblemIsPositionedAndSaysWhatToWrite() {
        String bad = VALID.replace("faultClass: latency", "faultClass: latncy").replace("at: 2026-11-20T14:05:00Z", "at: yesterday")
                .replace("summary:", "sumary:");
        assertThatThrownBy(() -> IncidentFormat.parse("bad.yaml", bad, Optional.empty())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad.yaml:6:")
                .hasMessageContaining("unknown fault class 'latncy'").hasMessageContaining("latency")
                .hasMessageContaining("bad.yaml:9:").hasMessageContaining("ISO-8601")
                .hasMessageContaining("unknown field 'sumary'");
    }

    @Test
    void aLatencyMagnitudeNeedsAUnitAndAShareMustBeAtMostOne() {
        assertThatThrownBy(() -> IncidentFormat.parse("m.yaml", VALID.replace("800ms", "800"), Optional.empty()))
                .hasMessageContaining("m.yaml:7:").hasMessageContaining("such as 800ms");
        assertThatThrownBy(() -> IncidentFormat.parse("m.yaml", VALID.replace("latency", "errors").replace("800ms", "3"), Optional.empty()))
                .hasMessageContaining("share of traffic");
    }

    @Test
    void namesAreCheckedAgainstTheTopology() {
        assertThatThrownBy(() -> IncidentFormat.parse("n.yaml", VALID.replace("service: productcatalog", "service: productcatalg")
                .replace("[browse, frontend]", "[browse, frontedn]"), Optional.of(SHOP)))
                .hasMessageContaining("n.yaml:5:").hasMessageContaining("unknown service 'productcatalg'").hasMessageContaining("productcatalog")
                .hasMessageContaining("n.yaml:8:").hasMessageContaining("unknown service or journey 'frontedn'");
        assertThat(IncidentFormat.parse("ok.yaml", VALID.replace("[browse, frontend]", "[frontend]"), Optional.of(SHOP)).degraded()).containsExactly("frontend");
    }

    @Test
    void malformedYamlIsAPositionedProblem() {
        assertThatThrownBy(() -> IncidentFormat.parse("broken.yaml", "spec: [unclosed\n", Optional.empty()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("broken.yaml");
        assertThatThrownBy(() -> IncidentFormat.parse("two.yaml", VALID + "---\n" + VALID, Optional.empty()))
                .hasMessageContaining("exactly one incident");
    }

    @Test
    void theBundledExampleAndTheValidFormPassTheSchemaAndABadOneFailsIt() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("..", "schema", "incident.schema.json")));
        Path example = Path.of("..", "examples", "incidents", "catalog-slow.incident.yaml");
        assertThat(schema.validate(new YAMLMapper().readTree(Files.readString(example)))).isEmpty();
        assertThat(IncidentFormat.read(example, Optional.empty()).resolvedAt()).isPresent();
        assertThat(schema.validate(new YAMLMapper().readTree(VALID))).isEmpty();
        assertThat(schema.validate(new YAMLMapper().readTree(VALID.replace("summary:", "sumary:")))).isNotEmpty();
    }
}
