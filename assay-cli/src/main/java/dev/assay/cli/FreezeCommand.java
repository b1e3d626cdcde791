package dev.assay.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay freeze --reason ...}: no experiment starts on the server until {@code assay unfreeze}. */
@Command(name = "freeze", mixinStandardHelpOptions = true,
        description = {"Freeze a running `assay serve`: no experiment starts (continuous or through the API) until `assay unfreeze`.",
                "The running experiment, if any, goes on; stop it with `assay run --server URL --stop`. Journaled as a decision."})
public final class FreezeCommand implements Callable<Integer> {
    static final URI DEFAULT_SERVER = URI.create("http://127.0.0.1:7474");

    @Spec
    CommandSpec spec;

    @Mixin
    ServerClient.Options server;

    @Option(names = "--reason", required = true, description = "Why (shown in the decisions log and the API).")
    String reason;

    @Override
    public Integer call() {
        if (server.server == null) server.server = DEFAULT_SERVER;
        JsonNode answer = server.client().orElseThrow().post("/api/freeze", ServerClient.JSON.createObjectNode().put("reason", reason));
        spec.commandLine().getOut().println("frozen: " + answer.path("why").asText());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }

    /** {@code assay unfreeze}: lifts the operator's freeze (automatic ones stay while their cause lasts). */
    @Command(name = "unfreeze", mixinStandardHelpOptions = true,
            description = "Lift the operator's freeze of a running `assay serve`; a fast budget burn or an open incident still freezes it.")
    public static final class Unfreeze implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ServerClient.Options server;

        @Override
        public Integer call() {
            if (server.server == null) server.server = DEFAULT_SERVER;
            JsonNode answer = server.client().orElseThrow().delete("/api/freeze");
            spec.commandLine().getOut().println(answer.path("frozen").asBoolean() ? "still frozen: " + answer.path("why").asText() : "unfrozen");
            spec.commandLine().getOut().flush();
            return ExitCode.OK;
        }
    }
}
