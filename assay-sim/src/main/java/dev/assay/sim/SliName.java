package dev.assay.sim;

import java.util.Optional;
import java.util.Set;

/** A parsed SLI name of the simulated system: which journey or service, and which measure. */
record SliName(String name, boolean journey, Measure measure) {
    enum Measure { ERRORS, P99, REQUESTS }

    static Optional<SliName> resolve(String sli, Set<String> services, Set<String> journeys) {
        Measure m;
        String base;
        if (sli.endsWith(".errors.rate")) {
            m = Measure.ERRORS;
            base = sli.substring(0, sli.length() - ".errors.rate".length());
        } else if (sli.endsWith(".latency.p99")) {
            m = Measure.P99;
            base = sli.substring(0, sli.length() - ".latency.p99".length());
        } else if (sli.endsWith(".requests.rate")) {
            m = Measure.REQUESTS;
            base = sli.substring(0, sli.length() - ".requests.rate".length());
        } else {
            return Optional.empty();
        }
        if (base.startsWith("service.") && services.contains(base.substring(8))) {
            return Optional.of(new SliName(base.substring(8), false, m));
        }
        if (base.startsWith("journey.") && journeys.contains(base.substring(8))) {
            return Optional.of(new SliName(base.substring(8), true, m));
        }
        if (journeys.contains(base)) return Optional.of(new SliName(base, true, m));
        if (services.contains(base)) return Optional.of(new SliName(base, false, m));
        return Optional.empty();
    }
}
