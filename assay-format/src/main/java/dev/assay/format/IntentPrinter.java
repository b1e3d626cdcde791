package dev.assay.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.assay.model.AbortCondition;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Quantities;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import java.math.BigDecimal;
import java.io.UncheckedIOException;

/** Writes intents in the canonical YAML form that {@link IntentParser} reads back to equal values. */
final class IntentPrinter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    static {
        YAML.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    private IntentPrinter() {
    }

    static String yaml(Intent intent) {
        try {
            return YAML.writeValueAsString(tree(intent));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(Intent intent) {
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", IntentParser.API_VERSION);
        root.put("kind", IntentParser.KIND);
        ObjectNode meta = root.putObject("metadata");
        meta.put("id", intent.id());
        intent.owner().ifPresent(o -> meta.put("owner", o));
        ObjectNode spec = root.putObject("spec");
        spec.put("targetBehavior", intent.targetBehavior());
        spec.put("hypothesis", intent.hypothesis());
        spec.set("fault", fault(intent.fault()));
        if (intent.declaresSteadyState()) {
            ArrayNode steady = spec.putArray("steadyState");
            for (Expectation e : intent.steadyState()) {
                ObjectNode x = steady.addObject();
                x.put("sli", e.sli());
                quantity(x, e.comparison().id(), e.threshold());
            }
        }
        ArrayNode expect = spec.putArray("expect");
        for (Expectation e : intent.expect()) {
            ObjectNode x = expect.addObject();
            x.put("sli", e.sli());
            quantity(x, e.comparison().id(), e.threshold());
        }
        intent.mechanism().ifPresent(m -> spec.put("mechanism", m.toString()));
        intent.blastRadius().ifPresent(b -> {
            ArrayNode expected = spec.putObject("blastRadius").putArray("expected");
            b.expected().forEach(expected::add);
        });
        if (!intent.safety().equals(Safety.DEFAULTS)) spec.set("safety", safety(intent.safety()));
        return root;
    }

    private static ObjectNode fault(Fault f) {
        ObjectNode fault = NODES.objectNode();
        fault.put("type", f.type().id());
        fault.put("target", f.target());
        if (f.isRamp()) {
            ArrayNode ramp = fault.putArray("ramp");
            f.levels().forEach(m -> ramp.add(magnitude(m)));
        } else if (!f.peak().equals(Magnitude.NONE)) {
            fault.set("magnitude", magnitude(f.peak()));
        }
        if (!f.scope().equals(Scope.ALL)) {
            ObjectNode scope = fault.putObject("scope");
            scope.put("percent", number(f.scope().percent()));
            f.scope().method().ifPresent(m -> scope.put("method", m));
            f.scope().pathPrefix().ifPresent(p -> scope.put("pathPrefix", p));
        }
        return fault;
    }

    private static ObjectNode magnitude(Magnitude m) {
        ObjectNode node = NODES.objectNode();
        m.values().forEach((k, v) -> node.put(k, number(v)));
        m.texts().forEach(node::put);
        return node;
    }

    private static ObjectNode safety(Safety s) {
        ObjectNode safety = NODES.objectNode();
        safety.put("budgetFraction", number(s.budgetFraction()));
        ArrayNode zones = safety.putArray("exclusionZones");
        s.exclusionZones().forEach(zones::add);
        ArrayNode abort = safety.putArray("abortWhen");
        for (AbortCondition a : s.abortWhen()) {
            ObjectNode x = abort.addObject();
            x.put("sli", a.sli());
            quantity(x, a.trigger().id(), a.threshold());
        }
        safety.put("minSteadyState", Quantities.format(s.minSteadyState()));
        safety.put("maxDuration", Quantities.format(s.maxDuration()));
        s.maxBlastRadius().ifPresent(n -> safety.put("maxBlastRadius", n));
        return safety;
    }

    private static void quantity(ObjectNode into, String key, Quantity q) {
        if (q.unit() == Quantity.Unit.NUMBER) {
            into.put(key, number(q.value()));
        } else if (q.unit() == Quantity.Unit.MILLISECONDS && q.value() == Math.rint(q.value()) && Math.abs(q.value()) < 1e15) {
            into.put(key, Quantities.format(java.time.Duration.ofMillis((long) q.value())));   // 2s, 15m rather than 2000ms
        } else {
            into.put(key, q.toString());
        }
    }

    private static BigDecimal number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return d.signum() == 0 ? BigDecimal.ZERO : d;
    }
}
