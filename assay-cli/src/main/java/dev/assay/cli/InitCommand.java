package dev.assay.cli;

import dev.assay.format.ServiceSources;
import dev.assay.format.SystemInit;
import dev.assay.format.SystemSetup;
import dev.assay.format.SystemSetup.JourneyEntry;
import dev.assay.format.SystemSetup.ServiceAddress;
import dev.assay.model.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay init}: writes assay.yaml and proxies.json for a running system, and says where its callers must point. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Write a working setup for an existing system: proxies.json (one fault proxy per service, on free ports)",
                "and assay.yaml (the proxies' metrics as telemetry, journeys, error and p50/p99 latency SLIs, SLOs, safety defaults, the proxy injector).",
                "Prints, per service, the address its callers must use instead. Re-running keeps every proxy's address and",
                "an edited assay.yaml; it refuses, saying what is missing, when it would have to change an edited file."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:files written (or already up to date)", "2:invalid input or usage"})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", paramLabel = "FILE", description = "A docker-compose.yml (services, ports, depends_on) or a JSON/YAML map of service: host:port.")
    Path from;

    @Option(names = "--service", paramLabel = "NAME=HOST:PORT", description = "A service and where it listens now; repeatable. Overrides --from's address for NAME.")
    List<String> services = new ArrayList<>();

    @Option(names = "--journey", paramLabel = "NAME=SERVICE[:METHOD ROUTE]", description = "A user flow entering at SERVICE, e.g. checkout=frontend:POST /checkout; repeatable."
            + " Without any: one per service nothing depends on (when --from gives depends_on).")
    List<String> journeys = new ArrayList<>();

    @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR", description = "Where to write assay.yaml and proxies.json (default: the current directory).")
    Path dir;

    @Option(names = "--name", paramLabel = "NAME", description = "The system's name (default: the --from file's directory, else 'system').")
    String name;

    @Option(names = "--api-listen", defaultValue = "127.0.0.1:8474", paramLabel = "HOST:PORT", description = "The fault proxy's admin API address (default: ${DEFAULT-VALUE}).")
    String apiListen;

    @Override
    public Integer call() throws IOException {
        SystemSetup setup = new SystemSetup(systemName(), services(), journeys());
        Files.createDirectories(dir);
        Path yaml = dir.resolve("assay.yaml");
        Path proxies = dir.resolve("proxies.json");
        if (!apiListen.matches("[^:\\s]+:\\d{1,5}")) throw new InvalidInputException("--api-listen: expected HOST:PORT such as 127.0.0.1:8474, got '" + apiListen + "'");
        SystemInit.Result r = SystemInit.create(setup, new SystemInit.Settings(apiListen, "proxies.json"), read(yaml), read(proxies), InitCommand::freePort);
        write(proxies, r.proxiesJson());
        r.systemYaml().ifPresent(text -> write(yaml, text));
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + (r.systemYaml().isPresent() ? yaml + " and " : "") + proxies + " (" + r.redirects().size() + " proxies)");
        r.notes().forEach(n -> out.println("  " + n));
        dev.assay.model.SystemConfig written = dev.assay.format.SystemFormat.read(yaml);
        DeclaredLatency.notes(written, setup.services().stream().map(ServiceAddress::name).toList(), java.time.Clock.systemUTC())
                .forEach(n -> out.println("  " + n));
        out.println("callers must use these addresses instead (the proxy in front of each service):");
        int width = r.redirects().stream().mapToInt(x -> x.service().length()).max().orElse(0);
        for (SystemInit.Redirect x : r.redirects()) {
            out.printf("  %-" + width + "s  %s -> %s%s%n", x.service(), x.serviceAddress(), x.proxyAddress(), x.kept() ? "  (unchanged)" : "");
        }
        out.println("next: assay proxy --system " + yaml + "; re-point the callers; then assay graph --system " + yaml);
        out.flush();
        return ExitCode.OK;
    }

    private String systemName() {
        if (name != null) return name;
        Path parent = from == null ? null : from.toAbsolutePath().getParent();
        return parent != null && parent.getFileName() != null ? parent.getFileName().toString() : "system";
    }

    private List<ServiceAddress> services() {
        Map<String, ServiceSources.Declared> declared = new LinkedHashMap<>();
        if (from != null) ServiceSources.read(from).forEach(d -> declared.put(d.name(), d));
        Map<String, ServiceAddress> out = new LinkedHashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        for (String s : services) {
            int eq = s.indexOf('=');
            int colon = s.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2) throw new InvalidInputException("--service: expected NAME=HOST:PORT such as cart=127.0.0.1:8080, got '" + s + "'");
            given.put(s.substring(0, eq).strip(), s.substring(eq + 1).strip());
        }
        for (ServiceSources.Declared d : declared.values()) {
            String addr = given.remove(d.name());
            if (addr != null) out.put(d.name(), address(d.name(), addr, d.dependsOn()));
            else out.put(d.name(), d.address().orElseThrow(() -> new InvalidInputException(from + ": service '" + d.name()
                    + "' publishes no host port; give its address with --service " + d.name() + "=HOST:PORT")));
        }
        given.forEach((n, a) -> out.put(n, address(n, a, List.of())));
        return List.copyOf(out.values());
    }

    private static ServiceAddress address(String name, String hostPort, List<String> dependsOn) {
        int colon = hostPort.lastIndexOf(':');
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (colon <= 0 || port < 1 || port > 65535) throw new NumberFormatException();
            return new ServiceAddress(name, hostPort.substring(0, colon), port, dependsOn);
        } catch (RuntimeException e) {
            throw new InvalidInputException("--service " + name + ": expected HOST:PORT with a port 1..65535, got '" + hostPort + "'");
        }
    }

    private List<JourneyEntry> journeys() {
        List<JourneyEntry> out = new ArrayList<>();
        for (String j : journeys) {
            int eq = j.indexOf('=');
            if (eq <= 0 || eq == j.length() - 1) {
                throw new InvalidInputException("--journey: expected NAME=SERVICE[:METHOD ROUTE] such as checkout=frontend:POST /checkout, got '" + j + "'");
            }
            String rest = j.substring(eq + 1).strip();
            int colon = rest.indexOf(':');
            String service = colon < 0 ? rest : rest.substring(0, colon).strip();
            Optional<String> route = colon < 0 ? Optional.empty() : Optional.of(rest.substring(colon + 1).strip()).filter(r -> !r.isEmpty());
            out.add(new JourneyEntry(j.substring(0, eq).strip(), service, route));
        }
        return out;
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
        }
    }
}
