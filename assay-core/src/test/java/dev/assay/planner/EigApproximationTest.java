package dev.assay.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.belief.Belief;
import dev.assay.belief.Priors;
import dev.assay.belief.SystemGraph;
import dev.assay.generate.TopologyGenerator;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner's bulk (noisy-OR) EIG against the exact EIG of the same candidates, on small graphs. */
class EigApproximationTest {
    @Test
    void bulkEigIsCloseToExactEig() {
        double worst = 0;
        double sum = 0;
        int count = 0;
        for (long seed = 0; seed < 20; seed++) {
            Belief b = Belief.create(SystemGraph.of(TopologyGenerator.generate(10, seed)), Priors.broad(), Belief.Settings.DEFAULTS,
                    PlannerTest.CLOCK);
            Scoring s = new Scoring(b, PlanRequest.defaults(), Set.of());
            s.bulk();
            double[] approx = s.eig.clone();
            for (int idx = 0; idx < approx.length; idx++) {
                if (!s.covered[idx / (DefaultPlanner.C * DefaultPlanner.K)]) continue;
                s.scoreExact(idx);
                double err = Math.abs(approx[idx] - s.eig[idx]);
                worst = Math.max(worst, err);
                sum += err;
                count++;
            }
        }
        // Measured: mean 0.0033 bits, worst 0.22 bits over 7200 candidates. The worst cases are services reached
        // by several paths below one shared edge (noisy-OR counts the shared edge once per path); the
        // planner re-scores its best candidates exactly for that reason.
        System.out.printf("EIG bulk vs exact: mean %.5f bits, worst %.5f bits over %d candidates%n", sum / count, worst, count);
        assertThat(sum / count).isLessThan(0.01);
        assertThat(worst).isLessThan(0.25);
    }
}
