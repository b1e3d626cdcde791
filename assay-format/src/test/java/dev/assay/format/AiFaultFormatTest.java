package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.ChaosScale;
import dev.assay.model.Fault;
import dev.assay.model.FaultClass;
import dev.assay.model.FaultType;
import dev.assay.model.Intent;
import dev.assay.model.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The AI-API fault types in intents: parameters, words, ranges, combinations, round trip and chaos level. */
class AiFaultFormatTest {
    static final String FAULT = "type: latency, target: productcatalog, magnitude: {delayMs: 500}, scope: {percent: 10}";

    static String with(String fault) {
        return IntentFormatTest.VALID.replace(FAULT, fault);
    }

    static Fault fault(String fault) {
        Problems p = Problems.in("t.intent.yaml");
        List<Intent> intents = IntentFormat.parse(with(fault), Optional.empty(), p);
        assertThat(p.list()).as(fault).isEmpty();
        return intents.get(0).fault();
    }

    static List<String> messages(String fault) {
        return IntentFormatTest.problems(with(fault), Optional.empty()).stream().map(x -> x.field() + ": " + x.message()).toList();
    }

    @Test
    void everyAiFaultParsesWithItsParametersAndWords() {
        Fault rate = fault("type: rate-limit, target: productcatalog, magnitude: {retryAfter: 2s, quota: 5, windowMs: 1s, style: anthropic}");
        assertThat(rate.type()).isEqualTo(FaultType.RATE_LIMIT);
        assertThat(rate.peak().values()).isEqualTo(Map.of("retryAfter", 2000.0, "quota", 5.0, "windowMs", 1000.0));
        assertThat(rate.peak().texts()).isEqualTo(Map.of("style", "anthropic"));
        assertThat(rate.peak().valueOr(FaultType.RATE_LIMIT, "status")).isEqualTo(429);

        assertThat(fault("type: overloaded, target: productcatalog, magnitude: {status: 529}").peak().textOr(FaultType.OVERLOADED, "style"))
                .contains("openai");
        assertThat(fault("type: slow-stream, target: productcatalog, magnitude: {firstEventDelayMs: 2s}").peak().values())
                .isEqualTo(Map.of("firstEventDelayMs", 2000.0));
        assertThat(fault("type: stream-cut, target: productcatalog, magnitude: {afterEvents: 3, finalEvent: 1}").peak().values())
                .isEqualTo(Map.of("afterEvents", 3.0, "finalEvent", 1.0));
        assertThat(fault("type: malformed-body, target: productcatalog, magnitude: {mode: wrong-type, field: choices}").peak().texts())
                .isEqualTo(Map.of("mode", "wrong-type", "field", "choices"));
        assertThat(fault("type: malformed-body, target: productcatalog").peak().textOr(FaultType.MALFORMED_BODY, "mode")).contains("truncate");
    }

    @Test
    void printedIntentsReadBackEqualWithTheirWords() {
        Intent i = IntentFormat.parseOne("t.intent.yaml",
                with("type: malformed-body, target: productcatalog, magnitude: {mode: wrong-type, field: choices}"), Optional.empty());
        String printed = IntentFormat.print(i);
        assertThat(printed).contains("mode: wrong-type").contains("field: choices");
        assertThat(IntentFormat.parseOne("t.intent.yaml", printed, Optional.empty())).isEqualTo(i);
    }

    @Test
    void badInputSaysWhereAndWhatToWrite() {
        assertThat(messages("type: rate-limit, target: productcatalog, magnitude: {toxicity: 0.5}")).singleElement().asString()
                .contains("unknown magnitude parameter 'toxicity' for fault type rate-limit")
                .contains("rate-limit takes: status, retryAfter, quota, windowMs, style").contains("use scope.percent");
        assertThat(messages("type: rate-limit, target: productcatalog, magnitude: {status: 200}")).singleElement().asString()
                .contains("spec.fault.magnitude.status").contains("status must be between 400 and 599, got 200");
        assertThat(messages("type: rate-limit, target: productcatalog, magnitude: {style: antropic}")).singleElement().asString()
                .contains("style of rate-limit must be one of openai, anthropic").contains("did you mean 'anthropic'");
        assertThat(messages("type: rate-limit, target: productcatalog, magnitude: {windowMs: 1s}")).singleElement().asString()
                .contains("windowMs needs quota");
        assertThat(messages("type: overloaded, target: productcatalog, magnitude: {status: 429}")).singleElement().asString()
                .contains("status must be between 500 and 599");
        assertThat(messages("type: slow-stream, target: productcatalog")).singleElement().asString()
                .contains("missing required field 'magnitude'").contains("firstEventDelayMs and/or betweenEventsDelayMs");
        assertThat(messages("type: slow-stream, target: productcatalog, magnitude: {firstEventDelayMs: 2 hours}")).isNotEmpty();
        assertThat(messages("type: stream-cut, target: productcatalog, magnitude: {finalEvent: 1}")).singleElement().asString()
                .contains("stream-cut needs afterEvents and/or afterBytes");
        assertThat(messages("type: stream-cut, target: productcatalog, magnitude: {afterEvents: 2.5}")).singleElement().asString()
                .contains("afterEvents must be a whole number");
        assertThat(messages("type: stream-cut, target: productcatalog, magnitude: {afterEvents: 3, finalEvent: 2}")).singleElement().asString()
                .contains("finalEvent must be between 0 and 1, got 2");
        assertThat(messages("type: malformed-body, target: productcatalog, magnitude: {mode: wrong-type}")).singleElement().asString()
                .contains("needs field, the JSON field");
        assertThat(messages("type: malformed-body, target: productcatalog, magnitude: {mode: 3}")).isNotEmpty();
    }

    @Test
    void eachMapsToABeliefFaultClass() {
        assertThat(FaultType.RATE_LIMIT.faultClass()).isEqualTo(FaultClass.ERRORS);
        assertThat(FaultType.OVERLOADED.faultClass()).isEqualTo(FaultClass.ERRORS);
        assertThat(FaultType.STREAM_CUT.faultClass()).isEqualTo(FaultClass.ERRORS);
        assertThat(FaultType.MALFORMED_BODY.faultClass()).isEqualTo(FaultClass.ERRORS);
        assertThat(FaultType.SLOW_STREAM.faultClass()).isEqualTo(FaultClass.LATENCY);
        assertThat(FaultType.values()).filteredOn(FaultType::needsHttp)
                .containsExactly(FaultType.RATE_LIMIT, FaultType.OVERLOADED, FaultType.SLOW_STREAM, FaultType.STREAM_CUT, FaultType.MALFORMED_BODY);
    }

    /** The chaos level (0–100) each fault reads as: the time to first token, the share of calls, how early the cut. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "type: slow-stream, target: productcatalog, magnitude: {firstEventDelayMs: 2s}|75",
            "type: slow-stream, target: productcatalog, magnitude: {firstEventDelayMs: 6s}|92",
            "type: slow-stream, target: productcatalog, magnitude: {betweenEventsDelayMs: 125}|75",
            "type: rate-limit, target: productcatalog, scope: {percent: 100}|100",
            "type: rate-limit, target: productcatalog, scope: {percent: 10}|50",
            "type: stream-cut, target: productcatalog, magnitude: {afterEvents: 0}|100",
            "type: stream-cut, target: productcatalog, magnitude: {afterEvents: 8}|83",
            "type: stream-cut, target: productcatalog, magnitude: {afterEvents: 16}|8",
            "type: malformed-body, target: productcatalog, scope: {percent: 4.6}|33",
    })
    void aLevelOnTheZeroToHundredScale(String fault, int chaosLevel) {
        assertThat(ChaosScale.chaosLevel(ChaosScale.level(fault(fault)))).isEqualTo(chaosLevel);
    }

    @Test
    void problemsAreAllReportedAtOnceWithPositions() {
        List<Problem> p = IntentFormatTest.problems(with("type: stream-cut, target: productcatalog, magnitude: {afterEvents: -1, style: x}"),
                Optional.empty());
        assertThat(p).hasSize(2).allSatisfy(x -> assertThat(x.line()).isEqualTo(7));
    }
}
