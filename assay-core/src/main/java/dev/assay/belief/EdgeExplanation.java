package dev.assay.belief;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Why a fault travels (or not) over one edge: its most probable {@link EdgeMechanism} with its probability (the
 * posterior mass of mechanisms that behave like it on the {@code inputsSeen} callee states experiments showed the edge,
 * see {@link MechanismBelief#explain(int)}),
 * what that mechanism does to a reference fault (10% of calls failing; 10% of calls 1 s slower), and how much was
 * learned about the edge (prior and posterior entropy, bits). {@link #text()} is the one-line form the CLI, the report
 * and the demo print: {@code checkout -> payment: 2 retries without backoff, timeout 250 ms, ..., P = 0.93: 10% errors
 * reach checkout as 0.1%}.
 */
public record EdgeExplanation(String caller, String callee, boolean sync, EdgeMechanism mechanism, double probability,
                              int inputsSeen, double errorsSeenAtTenPercent, double p99SeenAtOneSecond, boolean slowCallsFail,
                              double priorBits, double posteriorBits) {
    public EdgeExplanation {
        requireNonNull(caller, "caller");
        requireNonNull(callee, "callee");
        requireNonNull(mechanism, "mechanism");
    }

    static EdgeExplanation of(String caller, String callee, boolean sync, EdgeMechanism m, double p, int inputsSeen, double posteriorBits,
                              double priorBits) {
        RequestMix errors = m.view(RequestMix.affected(0.1, 0, true));
        RequestMix slow = m.view(RequestMix.affected(0.1, 1000, false));
        return new EdgeExplanation(caller, callee, sync, m, p, inputsSeen, sync ? errors.failureRate() : 0, sync ? slow.quantileMs(0.99) : 0,
                sync && slow.failureRate() > 0, priorBits, posteriorBits);
    }

    /** Whether the posterior is confident enough to state as a finding (P ≥ 0.9). */
    public boolean confident() {
        return probability >= 0.9;
    }

    public String text() {
        if (!sync) return String.format(Locale.ROOT, "%s -> %s: async (fire-and-forget): the caller sees nothing", caller, callee);
        String errors = errorsSeenAtTenPercent < 1e-4 ? "10% errors are absorbed"
                : String.format(Locale.ROOT, "10%% errors reach %s as %s", caller, percent(errorsSeenAtTenPercent));
        String slow = slowCallsFail ? "1 s slow calls turn into errors" : String.format(Locale.ROOT, "+1 s on 10%% of calls adds %.0f ms at p99", p99SeenAtOneSecond);
        String untested = inputsSeen == 0 ? " (untested: prior)" : "";
        return String.format(Locale.ROOT, "%s -> %s: %s, P = %.2f%s: %s; %s", caller, callee, mechanism.describe(), probability, untested, errors, slow);
    }

    private static String percent(double x) {
        return x >= 0.01 ? String.format(Locale.ROOT, "%.1f%%", 100 * x) : String.format(Locale.ROOT, "%.2f%%", 100 * x);
    }
}
