package dev.assay.runner;

import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several SLI sources as one (a probe for journey SLIs, the proxy's metrics for guards, Prometheus for
 * budgets): the first {@link Reading.Known} answer wins; when none knows, the answer is Unknown with every
 * source's reason, so failing closed says why.
 */
public final class CompositeSli implements SliSource {
    private final List<SliSource> sources;

    private CompositeSli(List<SliSource> sources) {
        this.sources = List.copyOf(sources);
    }

    public static SliSource of(SliSource... sources) {
        return new CompositeSli(List.of(sources));
    }

    @Override
    public Reading read(String sli, Duration window) {
        List<String> reasons = new ArrayList<>();
        for (SliSource s : sources) {
            Reading r = s.read(sli, window);
            if (r instanceof Reading.Known) return r;
            reasons.add(((Reading.Unknown) r).reason());
        }
        return new Reading.Unknown(sli, String.join("; ", reasons));
    }
}
