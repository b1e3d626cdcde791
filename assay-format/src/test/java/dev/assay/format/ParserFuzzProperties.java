package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.assay.model.InvalidInputException;
import dev.assay.model.Topology;
import dev.assay.testkit.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzz targets, one per parser of this module (intent, topology, system, Chaos Toolkit import): mutations of
 * the real example files, random bytes, and random YAML/JSON structures built from each format's own field
 * names. Each input must give problems or a value, never an exception other than the documented one
 * ({@link InvalidInputException} from {@link CtkImport}), within a bounded time. The number of tries is
 * {@code jqwik.tries.default} (src/test/resources/junit-platform.properties; raise it with -D for a long run).
 */
class ParserFuzzProperties {
    private static final Duration BOUND = Duration.ofSeconds(20); // generous: the build machine is shared
    private static final Topology BOUTIQUE = TopologyFormat.read(Path.of("../examples/topologies/online-boutique.topology.json"));
    private static final List<String> VOCABULARY = List.of("apiVersion", "kind", "metadata", "id", "owner", "name", "spec", "targetBehavior",
            "hypothesis", "fault", "type", "target", "magnitude", "ramp", "scope", "percent", "expect", "sli", "below", "above", "mechanism",
            "blastRadius", "expected", "safety", "budgetFraction", "exclusionZones", "abortWhen", "dropsBy", "minSteadyState", "maxDuration",
            "services", "edges", "from", "to", "sync", "callsPerRequest", "resilience", "timeoutMs", "retries", "journeys", "entry", "uses",
            "weight", "telemetry", "url", "listen", "path", "slis", "slos", "objective", "window", "prometheus", "proxy", "injectors",
            "title", "steady-state-hypothesis", "probes", "method", "provider", "arguments", "tolerance", "func", "module", "configuration");
    private static final List<Object> SCALARS = List.of("assay/v1", "Intent", "System", "Topology", "latency", "error", "checkout",
            "frontend", "400ms", "0.1%", "1e309", "-5m", "http://127.0.0.1:-0", "", "x".repeat(40), 10, -1, 0, 1.5, true, false, Double.MAX_VALUE,
            Long.MIN_VALUE, "circuit-breaker(checkout->productcatalog)", "${x}", "action", "probe", "python", "http");

    static List<Path> seedFiles() {
        try (Stream<Path> examples = Files.walk(Path.of("../examples")); Stream<Path> fixtures = Files.walk(Path.of("src/test/resources"))) {
            return Stream.concat(examples, fixtures).filter(Files::isRegularFile)
                    .filter(f -> f.toString().matches(".*\\.(yaml|yml|json)")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final List<Path> SEEDS = seedFiles();

    /** A file name (and so a syntax) and its text. */
    record Input(String file, String text) {
        @Override
        public String toString() {
            return file + ":\n" + (text.length() > 2000 ? text.substring(0, 2000) + "..." : text);
        }
    }

    @Provide
    Arbitrary<Input> mutatedExamples() {
        return Arbitraries.of(SEEDS).flatMap(seed -> Arbitraries.longs().flatMap(random -> Arbitraries.integers().between(1, 12)
                .map(n -> new Input(name(seed), Mutations.text(read(seed), new Random(random), n)))));
    }

    @Provide
    Arbitrary<Input> randomStructures() {
        Arbitrary<Object> tree = tree(4);
        return Arbitraries.of(".yaml", ".json").flatMap(ext -> tree.map(t -> new Input("fuzz" + ext, print(t, ext))));
    }

    @Provide
    Arbitrary<Input> randomBytes() {
        return Arbitraries.of(".yaml", ".json").flatMap(ext -> Arbitraries.longs().map(seed -> {
            Problems p = Problems.in("fuzz" + ext);
            String text = Text.decode(Mutations.random(new Random(seed), 400), p).orElse("");
            return new Input("fuzz" + ext, text);
        }));
    }

    @Property
    void intentParserGivesProblemsOrIntents(@ForAll("mutatedExamples") Input in) {
        bounded(in, this::intent);
    }

    @Property
    void topologyParserGivesProblemsOrATopology(@ForAll("mutatedExamples") Input in) {
        bounded(in, this::topology);
    }

    @Property
    void systemParserGivesProblemsOrASystem(@ForAll("mutatedExamples") Input in) {
        bounded(in, this::system);
    }

    @Property
    void ctkImportGivesAnIntentOrInvalidInput(@ForAll("mutatedExamples") Input in) {
        bounded(in, this::ctk);
    }

    @Property
    void everyParserTakesRandomStructures(@ForAll("randomStructures") Input in) {
        bounded(in, i -> {
            intent(i);
            topology(i);
            system(i);
            ctk(i);
        });
    }

    @Property
    void everyParserTakesRandomBytes(@ForAll("randomBytes") Input in) {
        bounded(in, i -> {
            intent(i);
            topology(i);
            system(i);
            ctk(i);
        });
    }

    @Property
    void invalidUtf8IsAlwaysAPositionedProblem(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) {
        byte[] bytes = Mutations.bytes(read(SEEDS.get((int) Math.floorMod(seed, SEEDS.size()))).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                new Random(seed), edits);
        Problems p = Problems.in("x.yaml");
        Optional<String> text = Text.decode(bytes, p);
        assertThat(text.isPresent()).isEqualTo(p.isEmpty());
        p.list().forEach(x -> assertThat(x.line()).isPositive());
    }

    private void intent(Input in) {
        Problems p = Problems.in(in.file());
        List<dev.assay.model.Intent> intents = IntentFormat.parse(in.text(), Optional.of(BOUTIQUE), p);
        p.list().forEach(x -> assertThat(x.message()).isNotBlank());
        for (dev.assay.model.Intent i : intents) {
            assertThat(IntentFormat.parseOne("printed.intent.yaml", IntentFormat.print(i), Optional.empty())).as("what is accepted prints back").isEqualTo(i);
        }
    }

    private void topology(Input in) {
        Problems p = Problems.in(in.file());
        Optional<Topology> t = TopologyFormat.parse(in.text(), p);
        assertThat(t.isPresent() && !p.isEmpty()).as("a value only without problems").isFalse();
        t.ifPresent(x -> assertThat(TopologyFormat.parse("t.json", TopologyFormat.printJson(x))).isEqualTo(x));
    }

    private void system(Input in) {
        Problems p = Problems.in(in.file());
        Optional<dev.assay.model.SystemConfig> s = SystemFormat.parse(in.text(), p);
        assertThat(s.isPresent() && !p.isEmpty()).as("a value only without problems").isFalse();
    }

    private void ctk(Input in) {
        try {
            CtkImport.parse(in.file(), in.text(), Optional.empty());
        } catch (InvalidInputException documented) {
            assertThat(documented.getMessage()).isNotBlank();
        }
    }

    private static void bounded(Input in, Consumer<Input> target) {
        assertTimeoutPreemptively(BOUND, () -> target.accept(in), () -> "took longer than " + BOUND + " on " + in);
    }

    private static Arbitrary<Object> tree(int depth) {
        Arbitrary<Object> scalar = Arbitraries.oneOf(Arbitraries.of(SCALARS), Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.integers().map(i -> (Object) i));
        if (depth == 0) return scalar;
        Arbitrary<Object> child = Arbitraries.lazy(() -> tree(depth - 1));
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(VOCABULARY), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8));
        Arbitrary<Object> map = Arbitraries.maps(key, child).ofMaxSize(6).map(m -> (Object) new LinkedHashMap<>(m));
        Arbitrary<Object> list = child.list().ofMaxSize(5).map(l -> (Object) new ArrayList<>(l));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, scalar), net.jqwik.api.Tuple.of(5, map), net.jqwik.api.Tuple.of(2, list));
    }

    private static String print(Object tree, String ext) {
        try {
            return (ext.equals(".json") ? new ObjectMapper() : new YAMLMapper()).writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path seed) {
        return seed.getFileName().toString();
    }

    private static final Map<Path, String> TEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String read(Path seed) {
        return TEXTS.computeIfAbsent(seed, s -> {
            try {
                return Files.readString(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
