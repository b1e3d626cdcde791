package dev.assay.cli;

import dev.assay.format.SystemInit;
import dev.assay.model.SystemConfig;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.telemetry.SliSources;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code assay init} says of the latency SLIs it declared: which of them the proxy can read now. They are declared for
 * every service either way (each is read from its proxy's histogram as soon as a request passes); a service whose p99
 * cannot be read is named, with why, because until it can no outcome measures its latency and no finding on an edge into
 * it can say why.
 */
final class DeclaredLatency {
    static final Duration WINDOW = Duration.ofMinutes(5);

    private DeclaredLatency() {
    }

    /** One line per kind of gap; empty when every service's p99 reads now. */
    static List<String> notes(SystemConfig sys, List<String> services, Clock clock) {
        SliSource source = SliSources.forSystem(sys, clock);
        List<String> silent = new ArrayList<>();
        List<String> undeclared = new ArrayList<>();
        String unreachable = null;
        String p99 = SystemInit.LATENCIES.get(SystemInit.LATENCIES.size() - 1);
        for (String s : services) {
            String sli = s + ".latency." + p99;
            if (sys.sli(sli).isEmpty()) {
                undeclared.add(s);
                continue;
            }
            if (unreachable != null) continue; // one refused connection says it for all
            if (source.read(sli, WINDOW) instanceof Reading.Unknown u) {
                if (u.reason().startsWith("cannot reach")) unreachable = u.reason();
                else silent.add(s);
            }
        }
        List<String> out = new ArrayList<>();
        if (unreachable != null) {
            out.add("latency: declared " + String.join("/", SystemInit.LATENCIES) + " for every service, but could not read any yet (" + unreachable
                    + "): they read once assay proxy --system runs and requests pass through it (check with assay slo)");
        } else if (!silent.isEmpty()) {
            out.add("latency: no request through the proxy of " + String.join(", ", silent) + " in the last " + WINDOW.toMinutes()
                    + " min, so their latency cannot be read yet (declared anyway): until it can, outcomes measure none there and findings on edges into them say what, not why");
        }
        if (!undeclared.isEmpty()) out.add("latency: no latency SLI declared for " + String.join(", ", undeclared));
        return out;
    }
}
