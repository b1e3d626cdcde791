package dev.assay.runner;

import dev.assay.spi.Reading;
import java.time.Duration;

/** Waits, like an operator would, until a probed journey is in its steady state before an experiment. */
final class Steady {
    private Steady() {
    }

    static void await(HttpProbe probe, String journey, double p95BelowMs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Thread.sleep(1200);
        while (System.nanoTime() < deadline) {
            Reading p95 = probe.read(journey + ".latency.p95", Duration.ofSeconds(1));
            Reading errors = probe.read(journey + ".errors.rate", Duration.ofSeconds(1));
            if (p95 instanceof Reading.Known k && k.value() < p95BelowMs && k.samples() > 20
                    && errors instanceof Reading.Known e && e.value() == 0) return;
            Thread.sleep(200);
        }
        throw new IllegalStateException("the " + journey + " journey never reached a steady state (machine overloaded?)");
    }
}
