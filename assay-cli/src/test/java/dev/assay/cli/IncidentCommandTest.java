package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.journal.Journal;
import dev.assay.runner.BeliefLearner;
import dev.assay.testkit.FreePorts;
import dev.assay.testkit.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code assay incident}: journaled, taught to the belief, listed, resolved; bad input exits 2 saying what to fix. */
class IncidentCommandTest {
    static final String TOPOLOGY = Path.of("..", "examples", "topologies", "online-boutique.topology.json").toString();
    static final String EXAMPLE = Path.of("..", "examples", "incidents", "catalog-slow.incident.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void anIncidentFileIsJournaledTaughtListedAndResolved() throws Exception {
        String journal = dir.resolve("j.db").toString();
        Cli add = Cli.run("incident", "add", "--journal", journal, "--file", EXAMPLE, "--topology", TOPOLOGY);
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("journaled incident INC-2026-042").contains("the belief learned");
        try (Journal j = Journal.open(journal)) {
            assertThat(j.incidents()).singleElement().satisfies(i -> assertThat(i.open()).isFalse());
            BeliefLearner learner = BeliefLearner.restore(j.latestBeliefs().orElseThrow(), Clock.systemUTC()).orElseThrow();
            assertThat(learner.tested()).singleElement().satisfies(t -> {
                assertThat(BeliefLearner.fromIncident(t)).isTrue();
                assertThat(t.testedAt()).isEqualTo("incident INC-2026-042 (latency 657ms)");
            });
        }
        Cli flags = Cli.run("incident", "add", "--journal", journal, "--id", "INC-7", "--service", "payment", "--fault-class", "errors",
                "--magnitude", "30%", "--degraded", "checkout,frontend", "--at", "2026-11-27T09:00:00Z");
        assertThat(flags.exitCode()).as(flags.err()).isZero();
        Cli list = Cli.run("incident", "list", "--journal", journal);
        assertThat(list.out()).contains("INC-2026-042").contains("INC-7").contains("payment").contains("30.0%").contains("OPEN");
        JsonNode json = new ObjectMapper().readTree(Cli.run("incident", "list", "--journal", journal, "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json.get(1).get("open").asBoolean()).isTrue();
        assertThat(json.get(1).get("degraded").toString()).isEqualTo("[\"checkout\",\"frontend\"]");
        try (Journal j = Journal.open(journal)) {
            assertThat(j.incidentOpen()).isTrue();
        }
        assertThat(Cli.run("incident", "resolve", "--journal", journal, "INC-7").exitCode()).isZero();
        try (Journal j = Journal.open(journal)) {
            assertThat(j.incidentOpen()).isFalse();
        }
        Cli again = Cli.run("incident", "resolve", "--journal", journal, "INC-7");
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("no open incident INC-7").contains("assay incident list");
        Cli duplicate = Cli.run("incident", "add", "--journal", journal, "--file", EXAMPLE);
        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.err()).contains("INC-2026-042 is already in the journal");
    }

    @Test
    void malformedYamlExitsTwoWithFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.incident.yaml");
        Files.writeString(bad, "apiVersion: assay/v1\nkind: Incident\nmetadata: {id: X}\nspec:\n  service: [unclosed\n");
        Cli cli = Cli.run("incident", "add", "--journal", dir.resolve("j.db").toString(), "--file", bad.toString());
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains(bad.toString()).doesNotContain("Exception").doesNotContain("\tat ");
        Path wrong = dir.resolve("wrong.incident.yaml");
        Files.writeString(wrong, Files.readString(Path.of(EXAMPLE)).replace("faultClass: latency", "faultClass: slowness"));
        Cli cli2 = Cli.run("incident", "add", "--journal", dir.resolve("j.db").toString(), "--file", wrong.toString());
        assertThat(cli2.exitCode()).isEqualTo(2);
        assertThat(cli2.err()).contains(wrong + ":8:").contains("unknown fault class 'slowness'").contains("latency, errors, unavailability");
    }

    @Test
    void anUnknownServiceOrBadFlagExitsTwoInTheFlagsWords() {
        Cli cli = Cli.run("incident", "add", "--journal", dir.resolve("j.db").toString(), "--topology", TOPOLOGY,
                "--service", "productcatalg", "--fault-class", "latency", "--magnitude", "fast", "--degraded", "browse,chekout");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.err()).contains("--service: unknown service 'productcatalg'").contains("did you mean 'productcatalog'")
                .contains("--magnitude: cannot read 'fast'").contains("--degraded: unknown service or journey 'chekout'");
        Cli missing = Cli.run("incident", "add", "--journal", dir.resolve("j.db").toString(), "--service", "cart");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("needs --service and --fault-class");
    }

    @Test
    void anUnreachablePostgresqlJournalExitsTwoWithWhatToCheck() {
        int closed = FreePorts.next();
        for (String[] args : new String[][]{{"incident", "list"}, {"report"}, {"incident", "add", "--service", "cart", "--fault-class", "errors"}}) {
            String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("--journal", "postgresql://assay:secret@127.0.0.1:" + closed + "/assay")).toArray(String[]::new);
            Cli cli = Cli.run(full);
            assertThat(cli.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(cli.err()).contains("cannot open the PostgreSQL journal postgresql://assay@127.0.0.1:" + closed + "/assay")
                    .contains("check the server is running").doesNotContain("secret").doesNotContain("\tat ");
        }
    }

    @Test
    void incidentsGoToATeamJournalOnPostgresql() {
        String url = PostgresServer.shared().newDatabase();
        assertThat(Cli.run("incident", "add", "--journal", url, "--file", EXAMPLE, "--topology", TOPOLOGY).exitCode()).isZero();
        Cli list = Cli.run("incident", "list", "--journal", url);
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("INC-2026-042");
    }
}
