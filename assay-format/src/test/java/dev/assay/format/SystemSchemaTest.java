package dev.assay.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** schema/system.schema.json accepts the bundled system file and agrees with the parser on the {@code schedule:} block. */
class SystemSchemaTest {
    static final JsonSchema SCHEMA = load();

    static JsonSchema load() {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(Path.of("..", "schema", "system.schema.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> schemaErrors(String text) throws Exception {
        return SCHEMA.validate(new YAMLMapper().readTree(text));
    }

    @Test
    void theBundledExampleAndTheScheduleExampleValidate() throws Exception {
        assertThat(schemaErrors(Files.readString(SystemFormatTest.EXAMPLE))).isEmpty();
        assertThat(schemaErrors(ScheduleFormatTest.WITH_SCHEDULE)).isEmpty();
    }

    /** Variants of the schedule the schema can decide (a window ending before it starts, an unknown zone: the parser only). */
    static Stream<Arguments> variants() {
        String v = ScheduleFormatTest.WITH_SCHEDULE;
        String[][] edits = {
                {"pace: 5%", "pace: 5%"},
                {"Mon-Fri 10:00", "Mon-Fry 10:00"},
                {"Mon-Fri 10:00", "Monday-Friday 10:00"},
                {"Mon-Fri 10:00", "Mon,Wed,Fri 10:00"},
                {"Mon-Fri 10:00", "Mon-Fri-Sat 10:00"},
                {"10:00-16:00", "10:00-25:00"},
                {"10:00-16:00", "10:00-24:00"},
                {"10:00-16:00", "9:00-16:00"},
                {"10:00-16:00", "10-16"},
                {"pace: 5%", "pace: 150%"},
                {"pace: 5%", "pace: 100%"},
                {"pace: 5%", "pace: 0%"},
                {"pace: 5%", "pace: 0.2"},
                {"pace: 5%", "pace: 2"},
                {"gap: 10m", "gap: 10"},
                {"gap: 10m", "gap: 0s"},
                {"freezeBurnRate: 6", "freezeBurnRate: 0"},
                {"freezeBurnRate: 6", "freezeBurnRate: 2.5"},
                {"freezeBurnRate: 6", "freezeBurnRate: fast"},
                {"gap: 10m", "gapp: 10m"},
        };
        List<Arguments> out = new ArrayList<>();
        for (String[] e : edits) {
            assertThat(v).contains(e[0]);
            out.add(Arguments.of(e[0] + " -> " + e[1], v.replace(e[0], e[1])));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void schemaAcceptsExactlyWhatTheParserAcceptsInASchedule(String name, String text) throws Exception {
        Problems p = Problems.in("assay.yaml");
        SystemFormat.parse(text, p);
        Set<ValidationMessage> schema = schemaErrors(text);
        assertThat(schema.isEmpty()).as("schema %s, parser %s: %s", schema, p.list(), name).isEqualTo(p.isEmpty());
    }
}
