package dev.assay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.format.IntentFormat;
import dev.assay.format.Position;
import dev.assay.format.Problems;
import dev.assay.format.SystemFormat;
import dev.assay.format.TopologyFormat;
import dev.assay.format.UserFiles;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Problem;
import dev.assay.model.SystemConfig;
import dev.assay.model.Topology;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code assay validate}: checks intent, topology and system files and reports every problem with
 * file:line:column. Each file is checked on its own: a file that cannot be read, or even a bug in a parser,
 * becomes a problem of that file and the others are still checked and reported.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check intent, topology and system files; report every problem as file:line:column.",
                "Files: *.intent.yaml|yml|json (intents), *.topology.json|yaml (topologies), assay.yaml and *.system.yaml (systems);",
                "any other file by its kind: Intent | Topology | System. Each problem names its field and what was expected.",
                "Directories are searched recursively."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every file is valid", "2:at least one problem (or bad usage)"})
public final class ValidateCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--topology", paramLabel = "FILE", description = "Check the intents' names (targets, journeys, mechanism edges, exclusion zones) against this topology.")
    Path topology;

    @Option(names = "--system", paramLabel = "FILE", description = "Check the intents against this system configuration (assay.yaml): "
            + "their SLIs must be defined in it, their fault targets outside its exclusion zones, and each must get enough samples"
            + " for its verdict within its maxDuration at the request rates the system's SLIs show now.")
    Path system;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Parameters(arity = "1..*", paramLabel = "FILES|DIRS", description = "Files to check, or directories to search for them.")
    List<Path> paths;

    private final Map<UserFiles.Kind, Integer> counts = new EnumMap<>(UserFiles.Kind.class);
    private final List<IntentFormat.Located> located = new ArrayList<>();

    @Override
    public Integer call() {
        List<Problem> problems = new ArrayList<>();
        Optional<Topology> against = Optional.empty();
        if (topology != null) {
            Problems p = Problems.in(topology.toString());
            against = guarded(topology, p, () -> TopologyFormat.read(topology, topology.toString(), p));
            problems.addAll(p.list());
        }
        Optional<SystemConfig> sys = Optional.empty();
        if (system != null) {
            Problems p = Problems.in(system.toString());
            sys = guarded(system, p, () -> SystemFormat.read(system, system.toString(), p));
            problems.addAll(p.list());
        }
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> found = scan(path, problems);
                if (found.isEmpty()) problems.add(new Problem(path.toString(), 0, 0, "", "no *.intent.yaml, *.intent.json, *.topology.json or assay.yaml files in this directory"));
                files.addAll(found);
            } else {
                files.add(path);
            }
        }
        Map<String, IntentFormat.Located> ids = new HashMap<>();
        for (Path file : files) {
            Problems p = Problems.in(file.toString());
            Optional<Topology> t = against;
            Optional<SystemConfig> s = sys;
            guarded(file, p, () -> {
                check(file, p, t, s, ids);
                return Optional.empty();
            });
            problems.addAll(p.list());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (sys.isPresent() && !located.isEmpty()) problems.addAll(sampleWindows(sys.get(), located, format == Format.text ? out : null));
        PrintWriter err = spec.commandLine().getErr();
        if (format == Format.json) {
            out.println(json(problems));
        } else if (problems.isEmpty()) {
            int intents = counts.getOrDefault(UserFiles.Kind.INTENT, 0);
            int topologies = counts.getOrDefault(UserFiles.Kind.TOPOLOGY, 0);
            int systems = counts.getOrDefault(UserFiles.Kind.SYSTEM, 0);
            out.printf(Locale.ROOT, "valid: %d intent%s, %d topolog%s%s in %d file%s%s%s%n", intents, intents == 1 ? "" : "s",
                    topologies, topologies == 1 ? "y" : "ies", systems == 0 ? "" : ", " + systems + " system" + (systems == 1 ? "" : "s"),
                    files.size(), files.size() == 1 ? "" : "s",
                    against.map(x -> " (checked against topology " + x.name() + ")").orElse(""),
                    sys.map(x -> " (checked against system " + x.name() + ")").orElse(""));
        } else {
            problems.forEach(p -> err.println(p.render()));
            long bad = problems.stream().map(Problem::file).distinct().count();
            err.printf(Locale.ROOT, "invalid: %d problem%s in %d file%s%n", problems.size(), problems.size() == 1 ? "" : "s", bad, bad == 1 ? "" : "s");
        }
        out.flush();
        err.flush();
        return problems.isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }

    private void check(Path file, Problems p, Optional<Topology> against, Optional<SystemConfig> sys, Map<String, IntentFormat.Located> ids) {
        Optional<UserFiles.Kind> kind = UserFiles.kindOf(file, file.toString(), p);
        if (kind.isEmpty()) return;
        switch (kind.get()) {
            case TOPOLOGY -> TopologyFormat.read(file, file.toString(), p).ifPresent(x -> count(UserFiles.Kind.TOPOLOGY));
            case SYSTEM -> SystemFormat.read(file, file.toString(), p).ifPresent(x -> count(UserFiles.Kind.SYSTEM));
            case INTENT -> {
                for (IntentFormat.Located l : IntentFormat.readLocated(file, file.toString(), against, sys, p)) {
                    located.add(l);
                    IntentFormat.Located first = ids.putIfAbsent(l.intent().id(), l);
                    if (first != null && !first.file().equals(l.file())) {
                        p.add(l.idPosition(), "metadata.id", "intent id '" + l.intent().id() + "' is also used by " + first.file() + ":"
                                + first.idPosition() + "; outcomes are recorded by id, so give each intent its own");
                    } else {
                        count(UserFiles.Kind.INTENT);
                    }
                }
            }
        }
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

    private void count(UserFiles.Kind kind) {
        counts.merge(kind, 1, Integer::sum);
    }

    /**
     * Runs one file's check; an exception (a bug: the parsers report problems, they do not throw) becomes a
     * problem of that file, so one file never hides the results of the others.
     */
    private static <T> Optional<T> guarded(Path file, Problems p, Supplier<Optional<T>> check) {
        try {
            return check.get();
        } catch (InvalidInputException e) {
            if (e.problems().isEmpty()) p.add(new Position(1, 1), "", e.getMessage());
            else p.addAll(e.problems());
        } catch (RuntimeException | StackOverflowError e) {
            p.add(new Position(1, 1), "", "Assay could not check this file (" + e + "); the other files were checked."
                    + " This is a bug in Assay: please report it with the file");
        }
        return Optional.empty();
    }

    static boolean isIntent(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".intent.yaml") || n.endsWith(".intent.yml") || n.endsWith(".intent.json");
    }

    private static List<Path> scan(Path dir, List<Problem> problems) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).filter(f -> UserFiles.byName(f).isPresent()).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            problems.add(new Problem(dir.toString(), 0, 0, "", "cannot search this directory (" + e.getMessage() + "); check its permissions"));
            return List.of();
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
