package dev.assay.planner;

import dev.assay.model.Edge;
import dev.assay.model.Journey;
import dev.assay.model.Service;
import dev.assay.model.ServiceKind;
import dev.assay.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the example topologies of the repository (examples/topologies, copies of the shared ones) in tests. A tiny JSON reader (objects, arrays,
 * strings, numbers, booleans), because assay-core has no JSON library and the real parser lives in
 * assay-format, which depends on core.
 */
final class SharedTopologies {
    static final Path DIR = Path.of(System.getProperty("assay.topologies", "../examples/topologies"));

    private SharedTopologies() {
    }

    static Topology load(String name) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) new Reader(Files.readString(DIR.resolve(name + ".topology.json"))).value();
        List<Service> services = new ArrayList<>();
        for (Object o : list(root.get("services"))) {
            Map<String, Object> s = map(o);
            services.add(new Service((String) s.get("name"), ServiceKind.byId((String) s.getOrDefault("kind", "service")).orElseThrow()));
        }
        List<Edge> edges = new ArrayList<>();
        for (Object o : list(root.get("edges"))) {
            Map<String, Object> e = map(o);
            edges.add(new Edge((String) e.get("from"), (String) e.get("to"), (Boolean) e.getOrDefault("sync", true),
                    ((Number) e.getOrDefault("callsPerRequest", 1.0)).doubleValue(), Optional.empty()));
        }
        if (!root.containsKey("journeys")) return Topology.withDefaultJourneys((String) root.get("name"), services, edges);
        Topology bare = new Topology((String) root.get("name"), services, edges, List.of());
        List<Journey> journeys = new ArrayList<>();
        for (Object o : list(root.get("journeys"))) {
            Map<String, Object> j = map(o);
            String entry = (String) j.get("entry");
            List<String> uses = j.containsKey("uses") ? list(j.get("uses")).stream().map(String.class::cast).toList()
                    : List.copyOf(bare.reachableFrom(entry));
            journeys.add(new Journey((String) j.get("name"), entry, Optional.empty(), ((Number) j.getOrDefault("weight", 1)).doubleValue(), uses));
        }
        return new Topology(bare.name(), services, edges, journeys);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws();
                    String k = (String) value();
                    ws();
                    i++; // ':'
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') return m;
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') return l;
                }
            }
            if (c == '"') {
                int end = s.indexOf('"', i + 1);
                String v = s.substring(i + 1, end);
                i = end + 1;
                return v;
            }
            if (s.startsWith("true", i)) { i += 4; return true; }
            if (s.startsWith("false", i)) { i += 5; return false; }
            if (s.startsWith("null", i)) { i += 4; return null; }
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            return Double.parseDouble(s.substring(start, i));
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }
    }
}
