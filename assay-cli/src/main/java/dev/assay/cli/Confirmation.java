package dev.assay.cli;

import dev.assay.planner.Candidate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code assay run}'s question before each experiment ({@code run it? [y/N]}, unless {@code --yes}), and what the
 * answers were: stdin closed (nothing run, exit 2), declined, or a signal while asking (nothing is injected then,
 * so the run exits at once).
 */
final class Confirmation {
    private final boolean yes;
    private final PrintWriter out;
    private final PrintWriter err;
    private volatile boolean stdinClosed;
    private volatile boolean declined;
    private volatile boolean prompting;

    Confirmation(boolean yes, PrintWriter out, PrintWriter err) {
        this.yes = yes;
        this.out = out;
        this.err = err;
    }

    /** Shows the candidate and, without {@code --yes}, asks; true to run it. */
    boolean confirm(Candidate c) {
        out.printf("next: %s (%s on %s, %.3f bits expected, predicted blast radius %s)%n", c.intent().orElseThrow(), c.fault().type().id(),
                c.fault().target(), c.eigBits(), c.predictedBlastRadius().keySet());
        out.flush();
        if (yes) return true;
        out.print("run it? [y/N] ");
        out.flush();
        try {
            prompting = true;
            String answer;
            try {
                answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } finally {
                prompting = false;
            }
            if (answer == null) {
                out.println();
                stdinClosed = true;
                return false;
            }
            boolean go = answer.trim().equalsIgnoreCase("y");
            if (!go) err.println("not confirmed; nothing injected (pass --yes to run without asking)");
            declined = !go;
            return go;
        } catch (IOException e) {
            stdinClosed = true;
            return false;
        }
    }

    boolean stdinClosed() {
        return stdinClosed;
    }

    boolean declined() {
        return declined;
    }

    /** True while waiting for an answer: a signal now exits at once, nothing is injected. */
    boolean prompting() {
        return prompting;
    }
}
