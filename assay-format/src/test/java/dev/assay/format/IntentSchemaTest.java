package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.assay.model.FaultType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** schema/intent.schema.json accepts exactly what the parser accepts (checks needing a topology aside). */
class IntentSchemaTest {
    static final Path SCHEMA_FILE = Path.of("..", "schema", "intent.schema.json");
    static final JsonSchema SCHEMA = load();

    static JsonSchema load() {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA_FILE));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> schemaErrors(String file, String text) throws Exception {
        JsonNode tree = (Trees.isJsonName(file) ? new ObjectMapper() : new YAMLMapper()).readTree(text);
        return SCHEMA.validate(tree);
    }

    static boolean parserAccepts(String file, String text) {
        Problems p = Problems.in(file);
        IntentFormat.parse(text, Optional.empty(), p);
        return p.isEmpty();
    }

    static Stream<Path> examples() throws Exception {
        return Files.list(Path.of("..", "examples", "intents")).sorted();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyBundledExampleValidatesAgainstTheSchema(Path example) throws Exception {
        String text = Files.readString(example);
        assertThat(schemaErrors(example.toString(), text)).isEmpty();
        assertThat(parserAccepts(example.toString(), text)).isTrue();
    }

    /** Variants of a valid intent: schema and parser must agree on each. */
    static Stream<Arguments> variants() {
        String v = IntentFormatTest.VALID;
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("as is", v));
        String[][] edits = {
                {"type: latency", "type: latncy"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: abort, target: productcatalog"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: latency, target: productcatalog"},
                {"{delayMs: 500}", "{delayMs: 500, jiter: 5}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: rate-limit, target: productcatalog"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: rate-limit, target: productcatalog, magnitude: {status: 429, retryAfter: 2s, quota: 5, windowMs: 1s, style: anthropic}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: rate-limit, target: productcatalog, magnitude: {style: gemini}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: rate-limit, target: productcatalog, magnitude: {status: 200}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: rate-limit, target: productcatalog, magnitude: {toxicity: 0.5}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: overloaded, target: productcatalog, magnitude: {status: 529}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: overloaded, target: productcatalog, magnitude: {status: 429}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: slow-stream, target: productcatalog, magnitude: {firstEventDelayMs: 2s}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: slow-stream, target: productcatalog, ramp: [{firstEventDelayMs: 500}, {firstEventDelayMs: 2s, betweenEventsDelayMs: 100}]"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: slow-stream, target: productcatalog, magnitude: {firstEventDelayMs: 5%}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: slow-stream, target: productcatalog"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: stream-cut, target: productcatalog, magnitude: {afterEvents: 3, finalEvent: 1}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: stream-cut, target: productcatalog, magnitude: {afterBytes: 100}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: stream-cut, target: productcatalog, magnitude: {finalEvent: 2, afterEvents: 3}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: stream-cut, target: productcatalog, magnitude: {finalEvent: 1}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: malformed-body, target: productcatalog"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: malformed-body, target: productcatalog, magnitude: {mode: corrupt}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: malformed-body, target: productcatalog, magnitude: {mode: wrong-type, field: choices}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: malformed-body, target: productcatalog, magnitude: {mode: shuffle}"},
                {"type: latency, target: productcatalog, magnitude: {delayMs: 500}", "type: malformed-body, target: productcatalog, magnitude: {mode: 3}"},
                {"{delayMs: 500}", "{delayMs: 1.5s}"},
                {"{delayMs: 500}", "{delayMs: 5%}"},
                {"{delayMs: 500}", "{delayMs: -5}"},
                {"magnitude: {delayMs: 500}", "ramp: [{delayMs: 100}, {delayMs: 200, jitterMs: 10}]"},
                {"magnitude: {delayMs: 500}", "ramp: []"},
                {"magnitude: {delayMs: 500}", "magnitude: {delayMs: 500}, ramp: [{delayMs: 1}]"},
                {"scope: {percent: 10}", "scope: {percent: 0}"},
                {"scope: {percent: 10}", "scope: {percent: 100%}"},
                {"scope: {percent: 10}", "scope: {percent: 150}"},
                {"scope: {percent: 10}", "scope: {percent: 10, method: GET, pathPrefix: /api}"},
                {"below: 400ms", "below: 400 parsecs"},
                {"below: 400ms", "above: 400ms"},
                {"below: 400ms", "below: 400ms, above: 1ms"},
                {"  hypothesis:", "  hypothesys:"},
                {"  targetBehavior: checkout\n", ""},
                {"budgetFraction: 0.001", "budgetFraction: 1.5"},
                {"budgetFraction: 0.001", "budgetFraction: 0"},
                {"budgetFraction: 0.001", "budgetFraction: 0%"},
                {"budgetFraction: 0.001", "budgetFraction: 100%"},
                {"budgetFraction: 0.001", "budgetFraction: 0.5%"},
                {"budgetFraction: 0.001", "budgetFraction: [0.001]"},
                {"minSteadyState: 15m", "minSteadyState: 15"},
                {"minSteadyState: 15m", "minSteadyState: 0s"},
                {"maxDuration: 20m", "maxDuration: 0m"},
                {"maxDuration: 20m", "maxDuration: 20m\n    maxBlastRadius: 2"},
                {"maxDuration: 20m", "maxDuration: 20m\n    maxBlastRadius: 0"},
                {"maxDuration: 20m", "maxDuration: 20m\n    maxBlastRadius: -1"},
                {"maxDuration: 20m", "maxDuration: 20m\n    maxBlastRadius: 2.5"},
                {"maxDuration: 20m", "maxDuration: 20m\n    maxBlastRadius: two"},
                {"dropsBy: 2%", "dropsBy: 2s"},
                {"dropsBy: 2%", "risesBy: 2%"},
                {"circuit-breaker(checkout->productcatalog)", "circuit-breaker checkout"},
                {"circuit-breaker(checkout->productcatalog)", "retry(checkout->productcatalog)"},
                {"apiVersion: assay/v1", "apiVersion: assay/v2"},
                {"kind: Intent", "kind: System"},
                {"expect:\n    - {sli: checkout.latency.p99, below: 400ms}\n    - {sli: checkout.errors.rate, below: 0.1%}", "expect: []"},
        };
        for (String[] e : edits) {
            assertThat(v).contains(e[0]);
            out.add(Arguments.of(e[0] + " -> " + e[1], v.replace(e[0], e[1])));
        }
        out.add(Arguments.of("blast radius", v.replace("  safety:", "  blastRadius: {expected: [productcatalog]}\n  safety:")));
        out.add(Arguments.of("blast radius without expected", v.replace("  safety:", "  blastRadius: {}\n  safety:")));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void schemaAcceptsExactlyWhatTheParserAccepts(String name, String text) throws Exception {
        boolean parser = parserAccepts("t.intent.yaml", text);
        Set<ValidationMessage> schema = schemaErrors("t.intent.yaml", text);
        assertThat(schema.isEmpty()).as("schema %s, parser %s: %s", schema, parser, name).isEqualTo(parser);
    }

    @Test
    void schemaListsEveryFaultTypeWithItsMagnitudeParameters() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA_FILE.toFile());
        List<String> enumerated = new ArrayList<>();
        schema.at("/$defs/fault/properties/type/enum").forEach(n -> enumerated.add(n.asText()));
        assertThat(enumerated).containsExactlyElementsOf(FaultType.ids());
        for (FaultType t : FaultType.values()) {
            JsonNode m = schema.at("/$defs/magnitude-" + t.id());
            List<String> params = new ArrayList<>();
            m.get("properties").fieldNames().forEachRemaining(params::add);
            assertThat(params).as(t.id()).containsExactlyElementsOf(t.parameterNames());
            List<String> required = new ArrayList<>();
            m.get("required").forEach(n -> required.add(n.asText()));
            assertThat(required).as(t.id()).containsExactlyElementsOf(
                    t.parameters().stream().filter(FaultType.Parameter::required).map(FaultType.Parameter::name).toList());
        }
    }
}
