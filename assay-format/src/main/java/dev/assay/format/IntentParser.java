package dev.assay.format;

import dev.assay.model.AbortCondition;
import dev.assay.model.BlastRadius;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultRules;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code kind: Intent} documents (PRODUCT.md's format) from positioned trees, reporting every
 * structural problem; cross-checks against a topology are left to {@link IntentChecks}.
 */
final class IntentParser {
    static final String API_VERSION = "assay/v1";
    static final String KIND = "Intent";

    private final Problems problems;
    private final Optional<Topology> topology;

    private final Optional<SystemConfig> system;

    IntentParser(Problems problems, Optional<Topology> topology) {
        this(problems, topology, Optional.empty());
    }

    /** Also checks the intents against a system configuration (its SLIs and exclusion zones). */
    IntentParser(Problems problems, Optional<Topology> topology, Optional<SystemConfig> system) {
        this.problems = problems;
        this.topology = topology;
        this.system = system;
    }

    /** One intent per document; a document with problems yields nothing (its problems are collected). */
    List<IntentFormat.Located> parse(List<Node> documents) {
        List<IntentFormat.Located> out = new ArrayList<>();
        Map<String, Position> ids = new LinkedHashMap<>();
        for (Node doc : documents) {
            document(doc).ifPresent(intent -> {
                Position at = idPosition(doc);
                Position first = ids.putIfAbsent(intent.id(), at);
                if (first != null) {
                    problems.add(at, "metadata.id", "duplicate intent id '" + intent.id() + "' (first used at " + first + "); give each intent its own id");
                } else {
                    out.add(new IntentFormat.Located(intent, problems.file(), at));
                }
            });
        }
        return out;
    }

    private static Position idPosition(Node doc) {
        return doc instanceof Node.MapNode m ? m.get("metadata").flatMap(md -> md instanceof Node.MapNode mm ? mm.get("id") : Optional.empty())
                .map(Node::position).orElse(doc.position()) : doc.position();
    }

    private Optional<Intent> document(Node doc) {
        int before = problems.size();
        Optional<Fields> root = Fields.of(doc, "", problems);
        if (root.isEmpty()) return Optional.empty();
        Fields r = root.get().allow("apiVersion", "kind", "metadata", "spec");
        r.string("apiVersion", true).filter(v -> !v.equals(API_VERSION)).ifPresent(v ->
                problems.add(r.value("apiVersion", false).orElseThrow(), "apiVersion", "unsupported apiVersion '" + v + "'; expected " + API_VERSION));
        r.string("kind", true).filter(v -> !v.equals(KIND)).ifPresent(v ->
                problems.add(r.value("kind", false).orElseThrow(), "kind", "expected kind " + KIND + " in an intent file, got '" + v + "'"
                        + Suggestions.didYouMean(v, List.of(KIND))));
        Optional<Fields> meta = r.map("metadata", true).map(m -> m.allow("id", "owner"));
        Optional<String> id = meta.flatMap(m -> m.name("id", true));
        Optional<String> owner = meta.flatMap(m -> m.string("owner", false));
        Optional<Fields> spec = r.map("spec", true);
        if (spec.isEmpty()) return Optional.empty();
        Fields s = spec.get().allow("targetBehavior", "hypothesis", "fault", "steadyState", "expect", "mechanism", "blastRadius", "safety");
        Optional<String> target = s.name("targetBehavior", true);
        Optional<String> hypothesis = s.string("hypothesis", true);
        Optional<Fault> fault = s.map("fault", true, this::fault);
        Optional<List<Expectation>> expect = s.list("expect", true).flatMap(items -> expectations(items, s.path("expect"), s.keyPosition("expect")));
        Optional<List<Expectation>> steady = s.has("steadyState")
                ? s.list("steadyState", true).flatMap(items -> expectations(items, s.path("steadyState"), s.keyPosition("steadyState")))
                : expect;
        Optional<Mechanism> mechanism = s.value("mechanism", false).flatMap(n -> mechanism(n, s.path("mechanism")));
        Optional<BlastRadius> blast = s.map("blastRadius", false, b -> b.allow("expected").names("expected", true)
                .map(ns -> new BlastRadius(ns.stream().map(Values.Named::name).toList())));
        Optional<Safety> safety = s.has("safety") ? s.map("safety", true, this::safety) : Optional.of(Safety.DEFAULTS);
        new IntentChecks(problems, topology, system).check(s);
        if (problems.size() > before) return Optional.empty();
        if (id.isEmpty() || target.isEmpty() || hypothesis.isEmpty() || fault.isEmpty() || expect.isEmpty() || steady.isEmpty() || safety.isEmpty()) {
            return Optional.empty();
        }
        boolean mechanismBroken = s.has("mechanism") && mechanism.isEmpty();
        boolean blastBroken = s.has("blastRadius") && blast.isEmpty();
        if (mechanismBroken || blastBroken) return Optional.empty();
        return Optional.of(new Intent(id.get(), owner, target.get(), hypothesis.get(), fault.get(), expect.get(),
                mechanism, blast, safety.get(), steady.get()));
    }

    private Optional<Fault> fault(Fields f) {
        List<String> known = new ArrayList<>(List.of("type", "target", "magnitude", "ramp", "scope"));
        for (Node.Entry e : f.node().entries().values()) {
            if (isShare(e.key())) {
                known.add(e.key());
                problems.add(e.keyPosition(), f.path(e.key()), "unknown field '" + e.key() + "'; to fail a share of calls use scope.percent"
                        + " (e.g. scope: {percent: 10}); the fault itself takes type, target, magnitude or ramp, scope");
            }
        }
        f.allow(known.toArray(String[]::new));
        Optional<FaultType> type = f.value("type", true).flatMap(n -> Values.string(n, f.path("type"), problems).flatMap(t -> {
            Optional<FaultType> ft = FaultType.byId(t);
            if (ft.isEmpty()) {
                problems.add(n, f.path("type"), "unknown fault type '" + t + "'" + Suggestions.didYouMean(t, FaultType.ids())
                        + "; expected one of: " + String.join(", ", FaultType.ids()));
            }
            return ft;
        }));
        Optional<String> target = f.name("target", true);
        Optional<Scope> scope = f.has("scope") ? f.map("scope", true, this::scope) : Optional.of(Scope.ALL);
        Optional<List<Magnitude>> levels = Optional.empty();
        boolean hasMagnitude = f.has("magnitude");
        boolean hasRamp = f.has("ramp");
        if (hasMagnitude && hasRamp) {
            problems.add(f.keyPosition("ramp"), f.path("ramp"), "give either 'magnitude' (one level) or 'ramp' (a list of levels), not both");
        } else if (hasRamp) {
            levels = f.list("ramp", true).flatMap(items -> ramp(items, f.path("ramp"), f.keyPosition("ramp"), type));
        } else if (hasMagnitude) {
            levels = f.value("magnitude", true).flatMap(n -> magnitude(n, f.path("magnitude"), type)).map(List::of);
        } else if (type.isPresent()) {
            List<String> needed = type.get().parameters().stream().filter(FaultType.Parameter::required).map(FaultType.Parameter::name).toList();
            Optional<String> rule = FaultRules.problem(type.get(), Magnitude.NONE);
            if (needed.isEmpty() && rule.isPresent()) {
                problems.add(f.position(), f.path("magnitude"), "missing required field 'magnitude' (or 'ramp'): " + rule.get());
            } else if (needed.isEmpty()) {
                levels = Optional.of(List.of(Magnitude.NONE));
            } else {
                problems.add(f.position(), f.path("magnitude"), "missing required field 'magnitude' (or 'ramp'); a " + type.get().id()
                        + " fault needs " + String.join(", ", needed) + ", e.g. magnitude: {" + needed.get(0) + ": 500}");
            }
        }
        if (type.isEmpty() || target.isEmpty() || scope.isEmpty() || levels.isEmpty()) return Optional.empty();
        return Optional.of(new Fault(type.get(), target.get(), levels.get(), scope.get()));
    }

    private Optional<List<Magnitude>> ramp(List<Node> items, String field, Position at, Optional<FaultType> type) {
        if (items.isEmpty()) {
            problems.add(at, field, "a ramp needs at least one level, e.g. ramp: [{delayMs: 100}, {delayMs: 300}]");
            return Optional.empty();
        }
        List<Magnitude> levels = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Optional<Magnitude> m = magnitude(items.get(i), field + "[" + i + "]", type);
            ok &= m.isPresent();
            m.ifPresent(levels::add);
        }
        return ok ? Optional.of(levels) : Optional.empty();
    }

    private Optional<Magnitude> magnitude(Node node, String field, Optional<FaultType> type) {
        Optional<Fields> fields = Fields.of(node, field, problems);
        if (fields.isEmpty() || type.isEmpty()) return Optional.empty();
        Fields m = fields.get();
        FaultType t = type.get();
        List<String> names = t.parameterNames();
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        boolean ok = true;
        for (Node.Entry e : m.node().entries().values()) {
            Optional<FaultType.Parameter> p = t.parameter(e.key());
            Optional<FaultType.TextParameter> word = t.textParameter(e.key());
            if (word.isPresent()) {
                Optional<String> w = text(e.value(), m.path(e.key()), t, word.get());
                ok &= w.isPresent();
                w.ifPresent(x -> texts.put(e.key(), x));
                continue;
            }
            if (p.isEmpty()) {
                problems.add(e.keyPosition(), m.path(e.key()), "unknown magnitude parameter '" + e.key() + "' for fault type " + t.id()
                        + Suggestions.didYouMean(e.key(), names)
                        + (names.isEmpty() ? "; " + t.id() + " takes no parameters" : "; " + t.id() + " takes: " + String.join(", ", names))
                        + (isShare(e.key()) ? "; to " + (t == FaultType.ERROR ? "fail" : "fault") + " a share of calls use scope.percent (e.g. scope: {percent: 10})" : ""));
                ok = false;
                continue;
            }
            Optional<Double> v = parameter(e.value(), m.path(e.key()), p.get());
            ok &= v.isPresent();
            v.ifPresent(x -> values.put(e.key(), x));
        }
        for (FaultType.Parameter p : t.parameters()) {
            if (p.required() && !m.node().entries().containsKey(p.name())) {
                problems.add(m.position(), m.path(p.name()), "missing required magnitude parameter '" + p.name() + "' for fault type " + t.id());
                ok = false;
            }
        }
        if (!ok) return Optional.empty();
        Magnitude level = new Magnitude(values, texts);
        Optional<String> rule = FaultRules.problem(t, level);
        rule.ifPresent(r -> problems.add(m.position(), field, r));
        return rule.isEmpty() ? Optional.of(level) : Optional.empty();
    }

    private Optional<String> text(Node node, String field, FaultType t, FaultType.TextParameter p) {
        Optional<String> w = Values.string(node, field, problems);
        if (w.isEmpty()) return Optional.empty();
        if (!p.accepts(w.get())) {
            problems.add(node, field, p.name() + " of " + t.id() + " must be " + (p.choices().isEmpty() ? "a non-blank name"
                    : "one of " + String.join(", ", p.choices()) + Suggestions.didYouMean(w.get(), p.choices())) + ", got '" + w.get() + "'");
            return Optional.empty();
        }
        return w;
    }

    /** Names users reach for when they mean "this share of the calls" (Toxiproxy's toxicity, Chaos Mesh's percent). */
    private static boolean isShare(String key) {
        return List.of("rate", "errorrate", "percent", "percentage", "probability", "toxicity", "ratio", "share", "fraction")
                .contains(key.toLowerCase(java.util.Locale.ROOT));
    }

    private Optional<Double> parameter(Node node, String field, FaultType.Parameter p) {
        Optional<Quantity> q = Values.quantity(node, field, problems);
        if (q.isEmpty()) return Optional.empty();
        Quantity.Unit unit = q.get().unit();
        boolean fits = p.unit() == Quantity.Unit.MILLISECONDS ? unit != Quantity.Unit.RATIO : unit == Quantity.Unit.NUMBER;
        if (!fits) {
            problems.add(node, field, "wrong unit for " + p.name() + ": expected " + (p.unit() == Quantity.Unit.MILLISECONDS
                    ? "milliseconds (500) or a duration (500ms, 1.5s)" : "a plain number") + ", got " + q.get());
            return Optional.empty();
        }
        if (q.get().value() < 0) {
            problems.add(node, field, p.name() + " must be zero or more, got " + q.get().value());
            return Optional.empty();
        }
        if (!p.accepts(q.get().value())) {
            problems.add(node, field, p.name() + " must be between " + Quantity.number(p.min()) + " and " + Quantity.number(p.max())
                    + (p.unit() == Quantity.Unit.MILLISECONDS ? " ms" : "") + ", got " + Quantity.number(q.get().value()));
            return Optional.empty();
        }
        return Optional.of(q.get().value());
    }

    private Optional<Scope> scope(Fields f) {
        f.allow("percent", "method", "pathPrefix");
        Optional<Double> percent = Optional.of(100.0);
        if (f.has("percent")) {
            Node n = f.value("percent", true).orElseThrow();
            percent = Values.quantity(n, f.path("percent"), problems).flatMap(q -> switch (q.unit()) {
                case NUMBER -> Optional.of(q.value());
                case RATIO -> Optional.of(new java.math.BigDecimal(Double.toString(q.value())).movePointRight(2).doubleValue());
                case MILLISECONDS -> {
                    problems.add(n, f.path("percent"), "expected a percentage of requests such as 10 or 10%, got the duration " + q);
                    yield Optional.empty();
                }
            }).filter(p -> {
                boolean ok = p > 0 && p <= 100;
                if (!ok) problems.add(n, f.path("percent"), "percent must be in (0, 100], got " + Quantity.number(p));
                return ok;
            });
        }
        Optional<String> method = f.name("method", false);
        Optional<String> pathPrefix = f.name("pathPrefix", false);
        boolean broken = (f.has("method") && method.isEmpty()) || (f.has("pathPrefix") && pathPrefix.isEmpty());
        if (percent.isEmpty() || broken) return Optional.empty();
        return Optional.of(new Scope(percent.get(), method, pathPrefix));
    }

    private Optional<List<Expectation>> expectations(List<Node> items, String field, Position at) {
        if (items.isEmpty()) {
            problems.add(at, field, "an intent needs at least one expectation, e.g. - {sli: checkout.errors.rate, below: 0.1%}");
            return Optional.empty();
        }
        List<Expectation> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Optional<Expectation> e = Fields.of(items.get(i), field + "[" + i + "]", problems).flatMap(this::expectation);
            ok &= e.isPresent();
            e.ifPresent(out::add);
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private Optional<Expectation> expectation(Fields f) {
        f.allow("sli", "below", "above");
        Optional<String> sli = f.name("sli", true);
        Optional<Comparing<Expectation.Comparison>> bound = oneOf(f, Expectation.Comparison.values(), Expectation.Comparison::id);
        if (sli.isEmpty() || bound.isEmpty()) return Optional.empty();
        return Values.quantity(bound.get().node(), f.path(bound.get().how().id()), problems)
                .map(q -> new Expectation(sli.get(), bound.get().how(), q));
    }

    // Package-private: the system configuration's default safety is read the same way.
    Optional<Safety> safety(Fields f) {
        return safety(f, Safety.DEFAULTS);
    }

    /** {@code d} gives the fields not set: an intent's defaults, or {@link Safety#NONE} for a system file. */
    Optional<Safety> safety(Fields f, Safety d) {
        f.allow("budgetFraction", "exclusionZones", "abortWhen", "minSteadyState", "maxDuration", "maxBlastRadius");
        int before = problems.size();
        double budget = f.ratio("budgetFraction", false).filter(b -> {
            boolean ok = b > 0 && b <= 1;
            if (!ok) {
                problems.add(f.value("budgetFraction", false).orElseThrow(), f.path("budgetFraction"),
                        "budgetFraction must be in (0, 1] (the fraction of the error budget this experiment may spend, e.g. 0.001 or 0.1%), got "
                                + Quantity.number(b));
            }
            return ok;
        }).orElse(d.budgetFraction());
        List<String> zones = f.names("exclusionZones", false).map(ns -> ns.stream().map(Values.Named::name).toList()).orElse(d.exclusionZones());
        List<AbortCondition> abort = f.list("abortWhen", false).map(items -> {
            List<AbortCondition> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Fields.of(items.get(i), f.path("abortWhen") + "[" + i + "]", problems).flatMap(this::abortCondition).ifPresent(out::add);
            }
            return List.copyOf(out);
        }).orElse(d.abortWhen());
        Duration minSteady = f.duration("minSteadyState", false).orElse(d.minSteadyState());
        Duration max = f.duration("maxDuration", false).filter(m -> {
            if (m.isZero()) problems.add(f.value("maxDuration", false).orElseThrow(), f.path("maxDuration"), "maxDuration must be more than zero");
            return !m.isZero();
        }).orElse(d.maxDuration());
        java.util.OptionalInt blast = f.number("maxBlastRadius", false).filter(n -> {
            boolean ok = n >= 0 && n == Math.rint(n) && n <= Integer.MAX_VALUE;
            if (!ok) {
                problems.add(f.value("maxBlastRadius", false).orElseThrow(), f.path("maxBlastRadius"),
                        "maxBlastRadius must be a whole number of services >= 0 (how many services besides the target may be predicted to degrade), got "
                                + Quantity.number(n));
            }
            return ok;
        }).map(n -> java.util.OptionalInt.of(n.intValue())).orElse(d.maxBlastRadius());
        if (problems.size() > before) return Optional.empty();
        return Optional.of(new Safety(budget, zones, abort, minSteady, max, blast));
    }

    private Optional<AbortCondition> abortCondition(Fields f) {
        f.allow("sli", "above", "below", "dropsBy", "risesBy");
        Optional<String> sli = f.name("sli", true);
        Optional<Comparing<AbortCondition.Trigger>> bound = oneOf(f, AbortCondition.Trigger.values(), AbortCondition.Trigger::id);
        if (sli.isEmpty() || bound.isEmpty()) return Optional.empty();
        String field = f.path(bound.get().how().id());
        Optional<Quantity> q = Values.quantity(bound.get().node(), field, problems);
        boolean relative = bound.get().how() == AbortCondition.Trigger.DROPS_BY || bound.get().how() == AbortCondition.Trigger.RISES_BY;
        if (q.isPresent() && relative && q.get().unit() == Quantity.Unit.MILLISECONDS) {
            problems.add(bound.get().node(), field, bound.get().how().id() + " is relative to the baseline: expected a percentage such as 2%, got " + q.get());
            return Optional.empty();
        }
        return q.map(t -> new AbortCondition(sli.get(), bound.get().how(), t));
    }

    private record Comparing<E>(E how, Node node) {
    }

    /** Exactly one of the keys named by {@code options} must be present. */
    private <E> Optional<Comparing<E>> oneOf(Fields f, E[] options, java.util.function.Function<E, String> id) {
        List<Comparing<E>> present = new ArrayList<>();
        for (E o : options) f.value(id.apply(o), false).ifPresent(n -> present.add(new Comparing<>(o, n)));
        List<String> ids = Arrays.stream(options).map(id).toList();
        if (present.size() == 1) return Optional.of(present.get(0));
        if (present.isEmpty()) {
            problems.add(f.position(), f.path(ids.get(0)), "missing the bound: expected one of " + String.join(", ", ids) + " (e.g. " + ids.get(0) + ": 400ms)");
        } else {
            problems.add(present.get(1).node(), f.path(id.apply(present.get(1).how())), "give exactly one of " + String.join(", ", ids) + ", not several");
        }
        return Optional.empty();
    }

    private Optional<Mechanism> mechanism(Node n, String field) {
        return Values.string(n, field, problems).flatMap(text -> {
            Optional<Mechanism> m = Mechanism.parse(text);
            if (m.isEmpty()) {
                List<String> kinds = Arrays.stream(Mechanism.Kind.values()).map(Mechanism.Kind::id).toList();
                String kind = text.contains("(") ? text.substring(0, text.indexOf('(')).strip() : text.strip();
                problems.add(n, field, "cannot read mechanism '" + text + "': expected kind(caller->callee), e.g. circuit-breaker(checkout->inventory)"
                        + ", with kind one of: " + String.join(", ", kinds) + (kinds.contains(kind) ? "" : Suggestions.didYouMean(kind, kinds)));
            }
            return m;
        });
    }
}
