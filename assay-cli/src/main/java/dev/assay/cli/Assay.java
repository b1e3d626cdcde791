package dev.assay.cli;

import dev.assay.model.AssayException;
import dev.assay.model.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code assay} command: a thin shell that parses flags and hands the work to the core and adapters. */
@Command(name = "assay",
        mixinStandardHelpOptions = true,
        versionProvider = Assay.Version.class,
        description = "Intent-based chaos engineering: plan the most informative safe experiment, run it, learn.",
        subcommands = {CommandLine.HelpCommand.class,
                InitCommand.class,
                ValidateCommand.class,
                GraphCommand.class,
                ImportCommand.class,
                ProxyCommand.class,
                BenchCommand.class,
                PlanCommand.class,
                SloCommand.class,
                RunCommand.class,
                ServeCommand.class,
                FreezeCommand.class,
                FreezeCommand.Unfreeze.class,
                ReportCommand.class,
                DemoCommand.class,
                K8sCommand.class,
                IncidentCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:ok",
                "1:internal error",
                "2:invalid input or usage",
                "3:a hypothesis was refuted",
                "4:aborted by a safety guard"})
public final class Assay implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given streams; returns the exit code. Tests call this directly. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Assay());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> report(ex, commandLine.getErr()));
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static int report(Exception ex, PrintWriter err) {
        if (ex instanceof InvalidInputException invalid) {
            err.println(invalid.getMessage());
            return ExitCode.INVALID_INPUT;
        }
        if (ex instanceof AssayException assay) {
            err.println("error: " + assay.getMessage());
            return ExitCode.INTERNAL_ERROR;
        }
        err.println("internal error: " + ex);
        ex.printStackTrace(err);
        err.println("This is a bug in Assay; please report it with the command line and the trace above.");
        return ExitCode.INTERNAL_ERROR;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Assay.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"assay " + p.getProperty("version", "unknown") + " (Java " + Runtime.version() + ")"};
        }
    }
}
