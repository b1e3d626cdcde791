package dev.assay.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code assay import}: brings experiments from other tools in as intents. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import experiments from other chaos tools as intents.",
        subcommands = {ImportCtkCommand.class})
public final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
