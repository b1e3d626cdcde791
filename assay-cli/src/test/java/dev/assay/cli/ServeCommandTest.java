package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.format.SystemFormat;
import dev.assay.model.SystemConfig;
import dev.assay.server.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to serve, freeze and the --server flags: exit 2 with what to do, nothing started. */
class ServeCommandTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static ServeSignalsTest.Run serve(String... extra) {
        String[] base = {"serve", "--system", ROOT.resolve("examples/assay.yaml").toString(), "--intents", ROOT.resolve("examples/intents").toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return ServeSignalsTest.cli(all);
    }

    @Test
    void anyAddressButLoopbackNeedsAToken() {
        ServeSignalsTest.Run r = serve("--listen", "0.0.0.0:0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("not loopback").contains("--token");
    }

    @Test
    void aTokenFileThatCannotBeReadOrComesWithATokenIsRefused() {
        ServeSignalsTest.Run r = serve("--listen", "0.0.0.0:0", "--token-file", "/nonexistent/assay-token");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--token-file /nonexistent/assay-token: cannot read it");
        assertThat(serve("--token", "0123456789abcdef", "--token-file", "/nonexistent/t").err()).contains("not both");
    }

    @Test
    void badScheduleFlagsSayWhatToWrite() {
        assertThat(serve("--pace", "150%").err()).contains("--pace must be").contains("10%");
        assertThat(serve("--window", "Mon-Fri 16:00-10:00").err()).contains("end after it starts").contains("example:");
        assertThat(serve("--listen", "nowhere").err()).contains("--listen must be HOST:PORT");
        assertThat(serve("--pace", "often").code()).isEqualTo(2);
    }

    @Test
    void aBadScheduleInTheSystemFileIsReportedWhereItIsWrittenExitTwo(@TempDir Path dir) throws Exception {
        Path system = dir.resolve("assay.yaml");
        String example = Files.readString(ROOT.resolve("examples/assay.yaml"));
        Files.writeString(system, example + """
                  schedule:
                    windows: [Mon-Fry 10:00-16:00, "Sat 09:00-25:00"]
                    timeZone: Mars/Olympus
                    pace: 150%
                """);
        int line = (int) example.lines().count() + 2;
        ServeSignalsTest.Run r = ServeSignalsTest.cli("serve", "--system", system.toString(), "--intents", ROOT.resolve("examples/intents").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(system + ":" + line + ":15: spec.schedule.windows[0]: window 'Mon-Fry 10:00-16:00': unknown day 'fry'")
                .contains(system + ":" + line + ":36: spec.schedule.windows[1]: window 'Sat 09:00-25:00': '25:00' is not a time HH:MM")
                .contains(system + ":" + (line + 1) + ":15: spec.schedule.timeZone: unknown time zone 'Mars/Olympus'")
                .contains(system + ":" + (line + 2) + ":11: spec.schedule.pace: pace is the share").doesNotContain("Exception");
    }

    @Test
    void theSystemFilesScheduleIsUsedAndFlagsOverrideIt(@TempDir Path dir) throws Exception {
        Path system = dir.resolve("assay.yaml");
        Files.writeString(system, Files.readString(ROOT.resolve("examples/assay.yaml")) + """
                  schedule:
                    windows: [Mon-Fri 10:00-16:00]
                    timeZone: Europe/Berlin
                    pace: 5%
                    gap: 20m
                    freezeBurnRate: 6
                """);
        SystemConfig sys = SystemFormat.read(system);
        ServeCommand fromFile = parse(system);
        Schedule s = fromFile.schedule(sys);
        assertThat(s.windows()).singleElement().satisfies(w -> assertThat(w.zone()).isEqualTo(ZoneId.of("Europe/Berlin")));
        assertThat(s.pace()).isEqualTo(0.05);
        assertThat(s.gap()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.freezeBurnRate()).hasValue(6);
        Schedule flags = parse(system, "--window", "Sat 08:00-09:00", "--pace", "2%", "--gap", "1m", "--freeze-burn-rate", "3").schedule(sys);
        assertThat(flags.windows()).singleElement().satisfies(w -> assertThat(w.zone()).isEqualTo(ZoneId.of("UTC")));
        assertThat(flags.pace()).isEqualTo(0.02);
        assertThat(flags.gap()).isEqualTo(Duration.ofMinutes(1));
        assertThat(flags.freezeBurnRate()).hasValue(3);
        assertThat(parse(ROOT.resolve("examples/assay.yaml")).schedule(SystemFormat.read(ROOT.resolve("examples/assay.yaml"))))
                .as("no schedule block, no flags: serve's defaults").isEqualTo(Schedule.defaults());
    }

    @Test
    void serveNeedsASystemAndIntentsWhileRunThroughAServerDoesNot() {
        ServeSignalsTest.Run r = ServeSignalsTest.cli("serve", "--intents", ROOT.resolve("examples/intents").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("serve needs --system assay.yaml and --intents DIR");
        assertThat(ServeSignalsTest.cli("run", "--server", "http://127.0.0.1:1").err()).as("no --system needed, the server is asked")
                .contains("cannot reach assay serve").doesNotContain("needs --system");
    }

    @Test
    void runAndServeShareOneDefinitionOfEachExperimentFlag() {
        var run = new picocli.CommandLine(new RunCommand()).getCommandSpec();
        var serve = new picocli.CommandLine(new ServeCommand()).getCommandSpec();
        var shared = new picocli.CommandLine(new Object() {
            @picocli.CommandLine.Mixin
            RunOptions options;
        }).getCommandSpec().options();
        assertThat(shared).extracting(o -> o.longestName()).contains("--system", "--intents", "--journal", "--probe", "--guard-window", "--lease-ttl");
        for (var o : shared) {
            for (var command : java.util.List.of(run, serve)) {
                var mine = command.findOption(o.longestName());
                assertThat(mine).as(command.name() + " " + o.longestName()).isNotNull();
                assertThat(mine.description()).as(command.name() + " " + o.longestName()).isEqualTo(o.description());
                assertThat(mine.defaultValue()).as(command.name() + " " + o.longestName()).isEqualTo(o.defaultValue());
                assertThat(mine.required()).as(o.longestName() + " is optional (run --server needs neither --system nor --intents)").isFalse();
            }
        }
    }

    private static ServeCommand parse(Path system, String... flags) {
        ServeCommand c = new ServeCommand();
        String[] base = {"--system", system.toString(), "--intents", ROOT.resolve("examples/intents").toString()};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(flags)).toArray(String[]::new);
        new picocli.CommandLine(c).parseArgs(all);
        return c;
    }

    @Test
    void serverCommandsSayWhenNoServerAnswers() {
        ServeSignalsTest.Run r = ServeSignalsTest.cli("freeze", "--server", "http://127.0.0.1:1", "--reason", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot reach assay serve").contains("assay serve --system");
        assertThat(ServeSignalsTest.cli("plan", "--server", "ftp://x").err()).contains("--server must be an http(s) URL");
        assertThat(ServeSignalsTest.cli("run").err()).contains("--system").contains("--server");
        assertThat(ServeSignalsTest.cli("run", "--stop").err()).contains("pass --server URL");
        assertThat(ServeSignalsTest.cli("freeze").code()).isEqualTo(2);
    }
}
