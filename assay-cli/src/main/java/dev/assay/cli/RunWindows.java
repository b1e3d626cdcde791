package dev.assay.cli;

import dev.assay.model.Intent;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.verdict.SampleWindows;
import dev.assay.verdict.VerdictPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline and level windows a run uses so that every verdict has enough samples ({@link SampleWindows}),
 * decided before anything is injected: the windows asked for, lengthened to what the intents need at the
 * observed request rates, and the intents that cannot get enough samples within their maxDuration refused
 * with the numbers. Rates: a probed journey's SLIs arrive at the probe's rate; any other SLI at the requests
 * its source counted over the guard window.
 */
record RunWindows(Duration baseline, Duration level, List<Intent> runnable, List<String> lines) {
    RunWindows {
        runnable = List.copyOf(runnable);
        lines = List.copyOf(lines);
    }

    static RunWindows choose(List<Intent> intents, Map<String, Double> rates, Duration baseline, Duration level) {
        List<Intent> kept = new ArrayList<>(intents);
        List<String> lines = new ArrayList<>();
        Duration b = baseline;
        Duration l = level;
        boolean changed = true;
        while (changed) { // a window lengthened for one intent may no longer fit another's maxDuration
            changed = false;
            Duration nb = baseline;
            Duration nl = level;
            for (Intent i : List.copyOf(kept)) {
                SampleWindows.Decision d = SampleWindows.decide(i, rates, VerdictPolicy.DEFAULTS, b, l);
                if (d instanceof SampleWindows.Refuse r) {
                    kept.remove(i);
                    lines.add("refused before injecting " + i.id() + ": " + r.reason());
                    changed = true;
                } else if (d instanceof SampleWindows.Enough e) {
                    if (e.baseline().compareTo(nb) > 0) nb = e.baseline();
                    if (e.level().compareTo(nl) > 0) nl = e.level();
                }
            }
            if (!nb.equals(b) || !nl.equals(l)) {
                b = nb;
                l = nl;
                changed = true;
            }
        }
        for (Intent i : kept) {
            if (SampleWindows.decide(i, rates, VerdictPolicy.DEFAULTS, b, l) instanceof SampleWindows.Enough e) {
                e.needs().forEach(n -> lines.add("samples for " + i.id() + ": " + n.describe()));
                e.unknown().forEach(u -> lines.add("samples for " + i.id() + ": " + u + " has no observed request rate; its window cannot be told"));
            }
        }
        if (!b.equals(baseline) || !l.equals(level)) {
            lines.add("windows lengthened for enough samples: baseline " + baseline.toSeconds() + "s -> " + b.toSeconds() + "s, each level "
                    + level.toSeconds() + "s -> " + l.toSeconds() + "s");
        }
        return new RunWindows(b, l, kept, lines);
    }

    /** Request rates of the intents' SLIs: a probe's rate for its journey's SLIs, else what the source counted over {@code window}. */
    static Map<String, Double> rates(List<Intent> intents, Map<String, String> probes, double probeRate, SliSource slis, Duration window) {
        Map<String, Double> out = new HashMap<>();
        for (Intent i : intents) {
            for (var e : i.expect()) {
                if (out.containsKey(e.sli())) continue;
                if (probes.keySet().stream().anyMatch(j -> e.sli().equals(j + ".errors.rate") || e.sli().equals(j + ".requests.rate")
                        || e.sli().matches(java.util.regex.Pattern.quote(j) + "\\.latency\\.p[0-9]{2,6}"))) {
                    out.put(e.sli(), probeRate);
                } else if (slis.read(e.sli(), window) instanceof Reading.Known k && k.samples() > 1) {
                    out.put(e.sli(), k.samples() / (double) Math.max(1, window.toSeconds()));
                }
            }
        }
        return out;
    }
}
