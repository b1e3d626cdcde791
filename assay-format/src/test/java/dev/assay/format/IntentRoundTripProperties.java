package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.model.AbortCondition;
import dev.assay.model.BlastRadius;
import dev.assay.model.Expectation;
import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Magnitude;
import dev.assay.model.Mechanism;
import dev.assay.model.Quantity;
import dev.assay.model.Safety;
import dev.assay.model.Scope;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** parse(print(x)) == x for every intent the model can hold. */
class IntentRoundTripProperties {

    @Property(tries = 300)
    void printingThenParsingGivesTheSameIntent(@ForAll("intents") Intent intent) {
        String yaml = IntentFormat.print(intent);
        assertThat(IntentFormat.parseOne("printed.intent.yaml", yaml, Optional.empty())).as(yaml).isEqualTo(intent);
    }

    @Property(tries = 50)
    void severalIntentsRoundTripAsOneStream(@ForAll("intents") Intent a, @ForAll("intents") Intent b) {
        assertThat(IntentFormat.parse("printed.intent.yaml", IntentFormat.print(List.of(a, b)), Optional.empty())).containsExactly(a, b);
    }

    @Provide
    Arbitrary<Intent> intents() {
        return Builders.withBuilder(() -> new Object[9])
                .use(names()).in((o, v) -> set(o, 0, v))
                .use(names().optional(0.6)).in((o, v) -> set(o, 1, v))
                .use(names()).in((o, v) -> set(o, 2, v))
                .use(prose()).in((o, v) -> set(o, 3, v))
                .use(faults()).in((o, v) -> set(o, 4, v))
                .use(expectations().list().ofMinSize(1).ofMaxSize(4)).in((o, v) -> set(o, 5, v))
                .use(mechanisms().optional(0.5)).in((o, v) -> set(o, 6, v))
                .use(names().list().ofMaxSize(3).map(BlastRadius::new).optional(0.5)).in((o, v) -> set(o, 7, v))
                .use(safeties()).in((o, v) -> set(o, 8, v))
                .build(this::intent)
                .filter(i -> !i.safety().exclusionZones().contains(i.fault().target()));
    }

    @SuppressWarnings("unchecked")
    private Intent intent(Object[] o) {
        return new Intent((String) o[0], (Optional<String>) o[1], (String) o[2], (String) o[3], (Fault) o[4],
                (List<Expectation>) o[5], (Optional<Mechanism>) o[6], (Optional<BlastRadius>) o[7], (Safety) o[8]);
    }

    private static Object[] set(Object[] o, int i, Object v) {
        o[i] = v;
        return o;
    }

    static Arbitrary<String> names() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> tail = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.").ofMaxLength(10);
        return Combinators.combine(word, tail).as(String::concat);
    }

    /** Hypotheses: free text with YAML's special characters, quotes, numbers-as-text and line breaks. */
    static Arbitrary<String> prose() {
        Arbitrary<String> free = Arbitraries.strings().withChars("abcXYZ 019:#-'\"{}[],.%&*!|>?@`\\").ofMaxLength(40);
        Arbitrary<String> lines = Arbitraries.strings().withChars("abc xyz.:").ofMinLength(1).ofMaxLength(20).list().ofMinSize(1).ofMaxSize(3)
                .map(l -> String.join("\n", l) + "\n");
        Arbitrary<String> lookalikes = Arbitraries.of("true", "no", "null", "~", "42", "0.1%", "1e3", "0x1F", "- item", "yes", "");
        return Arbitraries.oneOf(free, lines, lookalikes);
    }

    static Arbitrary<Fault> faults() {
        return Arbitraries.of(FaultType.class).flatMap(type -> Combinators.combine(
                Arbitraries.just(type), names(), magnitudes(type).list().ofMinSize(1).ofMaxSize(3), scopes()).as(Fault::new));
    }

    static Arbitrary<Magnitude> magnitudes(FaultType type) {
        List<Arbitrary<Optional<Map.Entry<String, Double>>>> params = type.parameters().stream().map(p -> {
            double lo = Math.max(0, p.min());
            Arbitrary<Double> value = p.unit() == Quantity.Unit.MILLISECONDS
                    ? Arbitraries.doubles().between(lo, Math.min(p.max(), 100_000)).ofScale(3)
                    : Arbitraries.integers().between((int) lo, (int) Math.min(p.max(), 1_000_000)).map(Integer::doubleValue);
            Arbitrary<Map.Entry<String, Double>> entry = value.map(v -> Map.entry(p.name(), v));
            return p.required() ? entry.map(Optional::of) : entry.optional(0.5);
        }).toList();
        List<Arbitrary<Optional<Map.Entry<String, String>>>> words = type.textParameters().stream()
                .map(p -> Arbitraries.of(p.choices().isEmpty() ? List.of("choices", "content") : p.choices()).map(w -> Map.entry(p.name(), w)).optional(0.5))
                .toList();
        if (params.isEmpty() && words.isEmpty()) return Arbitraries.just(Magnitude.NONE);
        Arbitrary<Map<String, Double>> values = params.isEmpty() ? Arbitraries.just(Map.of()) : Combinators.combine(params).as(entries -> {
            Map<String, Double> m = new LinkedHashMap<>();
            entries.forEach(e -> e.ifPresent(x -> m.put(x.getKey(), x.getValue())));
            return m;
        });
        Arbitrary<Map<String, String>> texts = words.isEmpty() ? Arbitraries.just(Map.of()) : Combinators.combine(words).as(entries -> {
            Map<String, String> m = new LinkedHashMap<>();
            entries.forEach(e -> e.ifPresent(x -> m.put(x.getKey(), x.getValue())));
            return m;
        });
        return Combinators.combine(values, texts).as(Magnitude::new).filter(m -> dev.assay.model.FaultRules.problem(type, m).isEmpty());
    }

    static Arbitrary<Scope> scopes() {
        Arbitrary<Scope> some = Combinators.combine(
                Arbitraries.doubles().between(0.01, 100).ofScale(2),
                Arbitraries.of("GET", "POST", "PUT").optional(0.3),
                Arbitraries.of("/", "/api/cart", "/checkout/v2").optional(0.3)).as(Scope::new);
        return Arbitraries.oneOf(some, Arbitraries.just(Scope.ALL));
    }

    static Arbitrary<Quantity> thresholds() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 60_000).ofScale(3).map(Quantity::millis),
                Arbitraries.doubles().between(0, 1).ofScale(6).map(Quantity::ratio),
                Arbitraries.doubles().between(0, 1e6).ofScale(2).map(Quantity::number));
    }

    static Arbitrary<Expectation> expectations() {
        return Combinators.combine(names(), Arbitraries.of(Expectation.Comparison.class), thresholds()).as(Expectation::new);
    }

    static Arbitrary<Mechanism> mechanisms() {
        return Combinators.combine(Arbitraries.of(Mechanism.Kind.class), names(), names()).as(Mechanism::new);
    }

    static Arbitrary<AbortCondition> aborts() {
        return Combinators.combine(names(), Arbitraries.of(AbortCondition.Trigger.class), thresholds())
                .as(AbortCondition::new)
                .filter(a -> a.threshold().unit() != Quantity.Unit.MILLISECONDS
                        || a.trigger() == AbortCondition.Trigger.ABOVE || a.trigger() == AbortCondition.Trigger.BELOW);
    }

    static Arbitrary<Safety> safeties() {
        Arbitrary<Safety> some = Combinators.combine(
                Arbitraries.doubles().between(0.000001, 1).ofScale(6),
                names().list().ofMaxSize(3),
                aborts().list().ofMaxSize(3),
                Arbitraries.longs().between(0, 36_000_000).map(Duration::ofMillis),
                Arbitraries.longs().between(1, 36_000_000).map(Duration::ofMillis)).as(Safety::new);
        return Arbitraries.oneOf(some, Arbitraries.just(Safety.DEFAULTS));
    }
}
