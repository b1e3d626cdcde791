package dev.assay.format;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the method's activities to one fault: the first action that injects something Assay can inject.
 * Every other activity (set-up, probes, pauses, a second fault) becomes a warning.
 */
final class CtkFaults {
    /** A fault and the activity it came from. */
    record Mapped(Fault fault, Position from) {
    }

    private final CtkImporter importer;

    CtkFaults(CtkImporter importer) {
        this.importer = importer;
    }

    static List<String> recognised() {
        List<String> out = new ArrayList<>();
        CtkToxics.SHORTCUTS.stream().filter(s -> CtkToxics.toxic(s.toxicType()).isPresent())
                .forEach(s -> out.add(CtkToxics.TOXIC_MODULE + "." + s.func()));
        out.add(CtkToxics.TOXIC_MODULE + ".create_toxic (toxic_type " + String.join("|", CtkToxics.TOXICS.stream().map(CtkToxics.Toxic::toxicType).toList()) + ")");
        out.add(CtkToxics.PROXY_MODULE + ".disable_proxy");
        out.add(CtkToxics.PROXY_MODULE + ".modify_proxy (enabled: false)");
        return out;
    }

    Optional<Mapped> method(Node method) {
        if (!(method instanceof Node.ListNode list)) {
            importer.problems().add(method, "method", "expected a list of activities, got " + method.describe());
            return Optional.empty();
        }
        Optional<Mapped> chosen = Optional.empty();
        for (int i = 0; i < list.items().size(); i++) {
            Node a = list.items().get(i);
            String field = "method[" + i + "]";
            String name = CtkImporter.text(CtkImporter.child(a, "name")).orElse("activity " + i);
            if (CtkImporter.child(a, "ref").isPresent()) {
                importer.warn(a.position(), field, "reference to activity '" + CtkImporter.text(CtkImporter.child(a, "ref")).orElse("?")
                        + "' not followed; inline the activity to import it");
                continue;
            }
            String type = CtkImporter.text(CtkImporter.child(a, "type")).orElse("?");
            if (!type.equals("action")) {
                importer.warn(a.position(), field, "probe '" + name + "' in the method is not imported: Assay measures its SLIs throughout the run");
                continue;
            }
            CtkImporter.child(a, "pauses").ifPresent(p -> importer.warn(p.position(), field + ".pauses", "pauses " + CtkImporter.show(p)
                    + " not imported: Assay holds a fault as long as its verdict needs, within safety.maxDuration"));
            CtkImporter.child(a, "background").ifPresent(p -> importer.warn(p.position(), field + ".background", "background execution not imported"));
            Optional<Fault> f = action(a, field, name);
            if (f.isEmpty()) continue;
            if (chosen.isPresent()) {
                importer.warn(a.position(), field, "second fault action '" + name + "' not imported: an intent tests one fault;"
                        + " write a separate intent for it (the first, at " + chosen.get().from() + ", was imported)");
            } else {
                chosen = Optional.of(new Mapped(f.get(), a.position()));
            }
        }
        return chosen;
    }

    private Optional<Fault> action(Node a, String field, String name) {
        String module = CtkImporter.text(CtkImporter.child(a, "provider", "module")).orElse("");
        String func = CtkImporter.text(CtkImporter.child(a, "provider", "func")).orElse("");
        String providerType = CtkImporter.text(CtkImporter.child(a, "provider", "type")).orElse("?");
        Map<String, Node> args = arguments(a);
        if (module.equals(CtkToxics.TOXIC_MODULE)) return toxicAction(a, field, name, func, args);
        if (module.equals(CtkToxics.PROXY_MODULE)) {
            boolean disables = func.equals("disable_proxy") || (func.equals("modify_proxy")
                    && Optional.ofNullable(args.get("enabled")).flatMap(importer::resolve).filter("false"::equalsIgnoreCase).isPresent());
            if (disables) {
                return proxyName(a, field, args, "proxy_name").map(t -> new Fault(FaultType.UNAVAILABLE, t, List.of(dev.assay.model.Magnitude.NONE), Scope.ALL));
            }
            importer.warn(a.position(), field, "action '" + name + "' (" + func + ") sets up or cleans up Toxiproxy and injects nothing; not imported");
            return Optional.empty();
        }
        importer.warn(a.position(), field, "action '" + name + "' (" + providerType + (module.isEmpty() ? "" : " " + module + "." + func)
                + ") has no Assay fault equivalent; not imported. Recognised: " + String.join(", ", recognised()));
        return Optional.empty();
    }

    private Optional<Fault> toxicAction(Node a, String field, String name, String func, Map<String, Node> args) {
        if (CtkToxics.NOT_FAULTS.contains(func)) {
            importer.warn(a.position(), field, "action '" + name + "' (" + func + ") injects nothing; not imported");
            return Optional.empty();
        }
        String toxicType;
        Map<String, Node> attributes = new LinkedHashMap<>();
        double toxicity = 1.0;
        Optional<CtkToxics.Shortcut> shortcut = CtkToxics.shortcut(func);
        if (shortcut.isPresent()) {
            toxicType = shortcut.get().toxicType();
            for (Map.Entry<String, Node> e : args.entrySet()) {
                String attribute = shortcut.get().arguments().get(e.getKey());
                if (attribute != null) attributes.put(attribute, e.getValue());
                else if (!e.getKey().equals("for_proxy") && !e.getKey().equals("toxic_name")) {
                    importer.warn(e.getValue().position(), field + ".provider.arguments." + e.getKey(), "argument not imported");
                }
            }
        } else if (func.equals("create_toxic")) {
            toxicType = Optional.ofNullable(args.get("toxic_type")).flatMap(importer::resolve).orElse("?");
            Node attrs = args.get("attributes");
            if (attrs instanceof Node.MapNode m) m.entries().values().forEach(e -> attributes.put(e.key(), e.value()));
            Optional<Double> t = Optional.ofNullable(args.get("toxicity")).flatMap(importer::resolve).flatMap(CtkImporter::number);
            if (t.isPresent() && (t.get() <= 0 || t.get() > 1)) {
                importer.warn(args.get("toxicity").position(), field + ".provider.arguments.toxicity", "toxicity " + t.get() + " is outside (0, 1]; imported as 1 (every request)");
            } else if (t.isPresent()) {
                toxicity = t.get();
            }
            Optional.ofNullable(args.get("stream")).flatMap(importer::resolve).filter(s -> !s.equals("downstream")).ifPresent(s ->
                    importer.warn(args.get("stream").position(), field + ".provider.arguments.stream", "stream '" + s
                            + "' not imported: Assay faults act on the callee's responses (downstream)"));
        } else {
            importer.warn(a.position(), field, "action '" + name + "' (" + func + ") is not a chaostoolkit-toxiproxy action Assay knows; not imported");
            return Optional.empty();
        }
        Optional<CtkToxics.Toxic> toxic = CtkToxics.toxic(toxicType);
        if (toxic.isEmpty()) {
            importer.warn(a.position(), field, "toxic type '" + toxicType + "' of action '" + name + "' has no Assay fault type; not imported");
            return Optional.empty();
        }
        Map<String, Double> magnitude = new LinkedHashMap<>();
        Map<String, String> words = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : attributes.entrySet()) {
            String param = toxic.get().attributes().get(e.getKey());
            Optional<Double> v = importer.resolve(e.getValue()).flatMap(CtkImporter::number)
                    .map(x -> x * toxic.get().scale().getOrDefault(e.getKey(), 1.0));
            String f = field + ".provider.arguments." + e.getKey();
            String word = toxic.get().words().get(e.getKey());
            if (word != null) {
                Optional<String> w = importer.resolve(e.getValue()).map(x -> x.strip().replace('_', '-'));
                if (w.isPresent() && toxic.get().faultType().textParameter(word).orElseThrow().accepts(w.get())) words.put(word, w.get());
                else importer.warn(e.getValue().position(), f, "value " + CtkImporter.show(e.getValue()) + " is not a " + e.getKey()
                        + " Assay knows; not imported");
            } else if (e.getKey().equals("percent") && toxic.get().faultType().needsHttp() && v.filter(x -> x > 0 && x <= 100).isPresent()) {
                toxicity = v.get() / 100; // Assay's HTTP toxics take the share of requests as percent
            } else if (toxicType.equals("timeout") && e.getKey().equals("timeout")) {
                v.filter(x -> x > 0).ifPresent(x -> importer.warn(e.getValue().position(), f, "the timeout toxic closes the connection after "
                        + CtkImporter.show(e.getValue()) + " ms; Assay's unavailable fault keeps it open (blackhole)"));
            } else if (param == null) {
                importer.warn(e.getValue().position(), f, "toxic attribute '" + e.getKey() + "' not imported");
            } else if (v.isEmpty() || v.get() < 0) {
                importer.warn(e.getValue().position(), f, "value " + CtkImporter.show(e.getValue()) + " is not a number of zero or more; not imported");
            } else {
                magnitude.put(param, v.get());
            }
        }
        List<String> missing = toxic.get().faultType().parameters().stream()
                .filter(p -> p.required() && !magnitude.containsKey(p.name())).map(FaultType.Parameter::name).toList();
        if (!missing.isEmpty()) {
            importer.warn(a.position(), field, "action '" + name + "' lacks " + String.join(", ", missing) + " for a " + toxic.get().faultType().id() + " fault; not imported");
            return Optional.empty();
        }
        Optional<String> rule = dev.assay.model.FaultRules.problem(toxic.get().faultType(), new dev.assay.model.Magnitude(magnitude, words));
        if (rule.isPresent()) {
            importer.warn(a.position(), field, "action '" + name + "' not imported: " + rule.get());
            return Optional.empty();
        }
        Optional<String> target = proxyName(a, field, args, "for_proxy");
        double scoped = toxicity;
        return target.map(t -> new Fault(toxic.get().faultType(), t, List.of(new dev.assay.model.Magnitude(magnitude, words)), CtkImporter.scope(scoped)));
    }

    private Optional<String> proxyName(Node a, String field, Map<String, Node> args, String argument) {
        Optional<String> t = Optional.ofNullable(args.get(argument)).flatMap(importer::resolve).filter(s -> !s.isBlank()).map(String::strip);
        if (t.isEmpty()) {
            importer.warn(a.position(), field, "no '" + argument + "' argument naming the proxy; not imported");
        } else {
            importer.warn(args.get(argument).position(), field + ".provider.arguments." + argument, "fault target '" + t.get()
                    + "' is the Toxiproxy proxy name; check that it names a service (assay validate --topology FILE)");
        }
        return t;
    }

    private static Map<String, Node> arguments(Node a) {
        Map<String, Node> out = new LinkedHashMap<>();
        CtkImporter.child(a, "provider", "arguments").filter(Node.MapNode.class::isInstance)
                .ifPresent(m -> ((Node.MapNode) m).entries().values().forEach(e -> out.put(e.key(), e.value())));
        return out;
    }
}
