package dev.assay.sim;

import dev.assay.model.Topology;
import java.util.Optional;

/** A parsed SLI name of the simulated system: which journey or service, and which measure. */
record SliName(String name, boolean journey, Measure measure) {
    enum Measure { ERRORS, P99, REQUESTS }

    static Optional<SliName> resolve(String sli, Topology topology) {
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
        if (base.startsWith("service.") && topology.service(base.substring(8)).isPresent()) {
            return Optional.of(new SliName(base.substring(8), false, m));
        }
        if (base.startsWith("journey.") && topology.journey(base.substring(8)).isPresent()) {
            return Optional.of(new SliName(base.substring(8), true, m));
        }
        if (topology.journey(base).isPresent()) return Optional.of(new SliName(base, true, m));
        if (topology.service(base).isPresent()) return Optional.of(new SliName(base, false, m));
        return Optional.empty();
    }
}
