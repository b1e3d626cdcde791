package dev.assay.format;

import dev.assay.format.SystemSetup.ServiceAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code assay init --from FILE} finds a system's services: a Compose file ({@code services:} with
 * {@code ports:} and {@code depends_on:}), or a map of service name to {@code host:port} (JSON or YAML).
 * A Compose service is reached on the host port it publishes (the first one; {@code 0.0.0.0} means this
 * host, so {@code 127.0.0.1}); a service that publishes none has no address yet, which the caller must give
 * with {@code --service NAME=HOST:PORT}. Every problem is reported with {@code file:line:column}.
 */
public final class ServiceSources {
    private static final Pattern HOST_PORT = Pattern.compile("(?<host>[A-Za-z0-9_.\\-]+|\\[[0-9A-Fa-f:]+]):(?<port>\\d{1,5})");
    private static final Pattern COMPOSE_PORT = Pattern.compile(
            "(?:(?<ip>\\d+\\.[0-9.]+|\\[[0-9A-Fa-f:]+]):)?(?:(?<host>\\d{1,5})(?:-\\d{1,5})?:)?(?<container>\\d{1,5})(?:-\\d{1,5})?(?:/(?:tcp|udp))?");

    private ServiceSources() {
    }

    /** A service as a source file describes it: an address when the file gives one. */
    public record Declared(String name, Optional<String> host, Optional<Integer> port, List<String> dependsOn) {
        public Declared {
            dependsOn = List.copyOf(dependsOn);
        }

        public Optional<ServiceAddress> address() {
            return port.map(p -> new ServiceAddress(name, host.orElse("127.0.0.1"), p, dependsOn));
        }
    }

    /** Reads {@code file}; {@link dev.assay.model.InvalidInputException} with every problem found. */
    public static List<Declared> read(Path file) {
        Problems problems = Problems.in(file.toString());
        List<Node> docs = Trees.read(file, file.toString(), problems);
        List<Declared> out = docs.isEmpty() ? List.of() : parse(docs.get(0), problems);
        if (docs.isEmpty() && problems.isEmpty()) problems.add(new Position(1, 1), "", "the file is empty; expected a Compose file or a map of service: host:port");
        problems.throwIfAny();
        return out;
    }

    static List<Declared> parse(Node root, Problems problems) {
        Optional<Fields> r = Fields.of(root, "", problems);
        if (r.isEmpty()) return List.of();
        if (r.get().has("services")) return compose(r.get(), problems);
        List<Declared> out = new ArrayList<>();
        for (Node.Entry e : r.get().node().entries().values()) {
            Values.name(e.value(), e.key(), problems).ifPresent(text -> {
                Matcher m = HOST_PORT.matcher(text);
                if (!m.matches() || Integer.parseInt(m.group("port")) < 1 || Integer.parseInt(m.group("port")) > 65535) {
                    problems.add(e.value(), e.key(), "expected the address of service '" + e.key() + "' as host:port (e.g. 127.0.0.1:8080), got '" + text + "'");
                } else {
                    out.add(new Declared(e.key(), Optional.of(m.group("host")), Optional.of(Integer.parseInt(m.group("port"))), List.of()));
                }
            });
        }
        if (out.isEmpty() && problems.isEmpty()) {
            problems.add(r.get().position(), "", "no services: expected a Compose file (services:) or a map of service: host:port");
        }
        return out;
    }

    private static List<Declared> compose(Fields root, Problems problems) {
        List<Declared> out = new ArrayList<>();
        root.map("services", true).ifPresent(services -> {
            for (Node.Entry e : services.node().entries().values()) {
                Fields.of(e.value(), services.path(e.key()), problems).ifPresent(s -> out.add(composeService(e.key(), s, problems)));
            }
            if (services.node().entries().isEmpty()) problems.add(services.position(), "services", "the Compose file declares no services");
        });
        return out;
    }

    private static Declared composeService(String name, Fields s, Problems problems) {
        Optional<String> host = Optional.empty();
        Optional<Integer> port = Optional.empty();
        if (s.has("ports")) {
            List<Node> ports = s.list("ports", false).orElse(List.of());
            for (int i = 0; i < ports.size() && port.isEmpty(); i++) {
                Node p = ports.get(i);
                String field = s.path("ports") + "[" + i + "]";
                if (p instanceof Node.MapNode) {
                    Fields long_ = Fields.of(p, field, problems).orElseThrow();
                    Optional<String> published = long_.has("published") ? long_.string("published", false) : Optional.empty();
                    if (published.isPresent() && published.get().matches("\\d{1,5}")) {
                        port = Optional.of(Integer.parseInt(published.get()));
                        host = long_.has("host_ip") ? long_.string("host_ip", false) : Optional.empty();
                    }
                } else if (p instanceof Node.ScalarNode sc) {
                    Matcher m = COMPOSE_PORT.matcher(sc.text().strip());
                    if (!m.matches()) {
                        problems.add(p, field, "cannot read the port mapping '" + sc.text() + "'; expected HOST:CONTAINER such as \"5000:5000\""
                                + (sc.text().contains("$") ? " (variables are not expanded: write the port, or give --service " + name + "=HOST:PORT)" : ""));
                    } else if (m.group("host") != null) {
                        port = Optional.of(Integer.parseInt(m.group("host")));
                        host = Optional.ofNullable(m.group("ip"));
                    }
                }
            }
        }
        host = host.map(h -> h.equals("0.0.0.0") || h.equals("[::]") ? "127.0.0.1" : h);
        List<String> depends = new ArrayList<>();
        s.value("depends_on", false).ifPresent(d -> {
            if (d instanceof Node.MapNode m) depends.addAll(m.entries().keySet());
            else Values.names(d, s.path("depends_on"), problems).ifPresent(ns -> ns.forEach(n -> depends.add(n.name())));
        });
        return new Declared(name, host, port.filter(p -> p >= 1 && p <= 65535), depends);
    }
}
