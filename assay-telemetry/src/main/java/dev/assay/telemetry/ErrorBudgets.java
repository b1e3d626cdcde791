package dev.assay.telemetry;

import dev.assay.model.Slo;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Error budgets and burn rates of SLOs over an {@link SliSource} of error ratios. Any unknown reading makes
 * the whole status {@link BudgetStatus.Unknown}: nothing downstream may read a budget it cannot see as full.
 */
public final class ErrorBudgets {
    private final SliSource source;
    private final BurnRatePolicy policy;
    private final Clock clock;

    private ErrorBudgets(SliSource source, BurnRatePolicy policy, Clock clock) {
        this.source = source;
        this.policy = policy;
        this.clock = clock;
    }

    /** Budgets with the given policy's windows as they are (use {@link BurnRatePolicy#scaledTo} for short SLOs). */
    public static ErrorBudgets create(SliSource source, BurnRatePolicy policy, Clock clock) {
        return new ErrorBudgets(source, policy, clock);
    }

    public BudgetStatus status(Slo slo) {
        Reading overall = source.read(slo.sli(), slo.window());
        if (!(overall instanceof Reading.Known k)) return new BudgetStatus.Unknown(slo, ((Reading.Unknown) overall).reason());
        double errorRatio = k.value();
        List<BudgetStatus.BurnRate> rates = new ArrayList<>();
        for (BurnRatePolicy.Window w : policy.windows()) {
            Reading lr = source.read(slo.sli(), w.longWindow());
            Reading sr = source.read(slo.sli(), w.shortWindow());
            if (lr instanceof Reading.Unknown u) return new BudgetStatus.Unknown(slo, w.name() + " long window " + PromQl.duration(w.longWindow()) + ": " + u.reason());
            if (sr instanceof Reading.Unknown u) return new BudgetStatus.Unknown(slo, w.name() + " short window " + PromQl.duration(w.shortWindow()) + ": " + u.reason());
            rates.add(new BudgetStatus.BurnRate(w.name(), w.longWindow(), ((Reading.Known) lr).value() / slo.budget(),
                    w.shortWindow(), ((Reading.Known) sr).value() / slo.budget(), w.factor()));
        }
        return new BudgetStatus.Known(slo, errorRatio, 1 - errorRatio / slo.budget(), rates, clock.instant());
    }

    /** Remaining budget per SLO; see {@link #status}. */
    public List<BudgetStatus> statuses(List<Slo> slos) {
        return slos.stream().map(this::status).toList();
    }

}
