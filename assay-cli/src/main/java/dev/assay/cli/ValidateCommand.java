package dev.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.format.IntentFormat;
import dev.assay.format.Problems;
import dev.assay.format.TopologyFormat;
import dev.assay.model.Problem;
import dev.assay.model.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code assay validate}: checks intent and topology files and reports every problem with file:line:column. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check intent and topology files; report every problem as file:line:column.",
                "Files: *.intent.yaml|yml|json (intents), *.topology.json (topologies). Each problem names its field and what was expected.",
                "Directories are searched recursively."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every file is valid", "2:at least one problem (or bad usage)"})
public final class ValidateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", paramLabel = "FILE", description = "Check the intents' names (targets, journeys, mechanism edges, exclusion zones) against this topology.")
    Path topology;

    @Option(names = "--system", paramLabel = "FILE", description = "Also check this system file (assay.yaml), and whether each intent can get enough samples"
            + " for its verdict within its maxDuration at the request rates the system's SLIs show now.")
    Path systemFile;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "FILES|DIRS", description = "Files to check, or directories to search for them.")
    List<Path> paths;

    @Override
    public Integer call() {
        List<Problem> problems = new ArrayList<>();
        int intents = 0;
        int topologies = 0;
        Optional<Topology> system = Optional.empty();
        if (topology != null) {
            Problems p = Problems.in(topology.toString());
            system = TopologyFormat.read(topology, topology.toString(), p);
            problems.addAll(p.list());
        }
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> found = scan(path);
                if (found.isEmpty()) problems.add(new Problem(path.toString(), 0, 0, "", "no *.intent.yaml, *.intent.json or *.topology.json files in this directory"));
                files.addAll(found);
            } else {
                files.add(path);
            }
        }
        Optional<dev.assay.model.SystemConfig> sys = Optional.empty();
        if (systemFile != null) {
            Problems p = Problems.in(systemFile.toString());
            sys = dev.assay.format.SystemFormat.parse(readText(systemFile, p), p);
            problems.addAll(p.list());
        }
        List<IntentFormat.Located> located = new ArrayList<>();
        Map<String, IntentFormat.Located> ids = new HashMap<>();
        for (Path file : files) {
            Problems p = Problems.in(file.toString());
            if (isTopology(file)) {
                topologies += TopologyFormat.read(file, file.toString(), p).isPresent() ? 1 : 0;
            } else {
                for (IntentFormat.Located l : IntentFormat.readLocated(file, file.toString(), system, p)) {
                    located.add(l);
                    IntentFormat.Located first = ids.putIfAbsent(l.intent().id(), l);
                    if (first != null && !first.file().equals(l.file())) {
                        p.add(l.idPosition(), "metadata.id", "intent id '" + l.intent().id() + "' is also used by " + first.file() + ":"
                                + first.idPosition() + "; outcomes are recorded by id, so give each intent its own");
                    } else {
                        intents++;
                    }
                }
            }
            problems.addAll(p.list());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (sys.isPresent() && !located.isEmpty()) problems.addAll(sampleWindows(sys.get(), located, format == Format.text ? out : null));
        if (format == Format.json) {
            out.println(json(problems));
        } else if (problems.isEmpty()) {
            out.printf(Locale.ROOT, "valid: %d intent%s, %d topolog%s in %d file%s%s%n", intents, intents == 1 ? "" : "s",
                    topologies, topologies == 1 ? "y" : "ies", files.size(), files.size() == 1 ? "" : "s",
                    system.map(t -> " (checked against topology " + t.name() + ")").orElse(""));
        } else {
            problems.forEach(p -> err.println(p.render()));
            long bad = problems.stream().map(Problem::file).distinct().count();
            err.printf(Locale.ROOT, "invalid: %d problem%s in %d file%s%n", problems.size(), problems.size() == 1 ? "" : "s", bad, bad == 1 ? "" : "s");
        }
        out.flush();
        err.flush();
        return problems.isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }

    /** Intents that cannot get enough samples within their maxDuration are problems; what each needs is printed (text). */
    private static List<Problem> sampleWindows(dev.assay.model.SystemConfig sys, List<IntentFormat.Located> located, PrintWriter out) {
        List<dev.assay.model.Intent> intents = located.stream().map(IntentFormat.Located::intent).toList();
        var slis = dev.assay.telemetry.SliSources.forSystem(sys, java.time.Clock.systemUTC());
        java.time.Duration window = java.time.Duration.ofSeconds(30);
        RunWindows w = RunWindows.choose(intents, RunWindows.rates(intents, Map.of(), 0, slis, window), window, java.time.Duration.ofSeconds(60));
        List<Problem> out2 = new ArrayList<>();
        for (IntentFormat.Located l : located) {
            if (w.runnable().contains(l.intent())) continue;
            String why = w.lines().stream().filter(x -> x.startsWith("refused before injecting " + l.intent().id() + ": ")).findFirst()
                    .map(x -> x.substring(x.indexOf(": ") + 2)).orElse("cannot get enough samples");
            out2.add(new Problem(l.file(), l.idPosition().line(), l.idPosition().column(), "spec.safety.maxDuration", "not enough samples for a verdict: " + why));
        }
        if (out != null) w.lines().stream().filter(x -> !x.startsWith("refused")).forEach(x -> out.println("  " + x));
        return out2;
    }

    private static String readText(Path file, Problems p) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            p.add(dev.assay.format.Position.UNKNOWN, "", "cannot read the file: " + e.getMessage());
            return "";
        }
    }

    static boolean isTopology(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".topology.json") || n.endsWith(".topology.yaml") || n.endsWith(".topology.yml");
    }

    static boolean isIntent(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".intent.yaml") || n.endsWith(".intent.yml") || n.endsWith(".intent.json");
    }

    private static List<Path> scan(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(f -> isIntent(f) || isTopology(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String json(List<Problem> problems) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("valid", problems.isEmpty());
        ArrayNode errors = root.putArray("errors");
        for (Problem p : problems) {
            errors.addObject().put("file", p.file()).put("line", p.line()).put("column", p.column())
                    .put("field", p.field()).put("message", p.message());
        }
        try {
            return m.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
