package dev.assay.telemetry;

import dev.assay.model.Slo;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Error budgets and burn rates of SLOs over an {@link SliSource} of error ratios: the one implementation
 * {@code assay slo} and {@code assay run} (the pre-flight budget) both use. Any unknown reading makes the
 * whole status {@link BudgetStatus.Unknown}: nothing downstream may read a budget it cannot see as full.
 *
 * <p>The maths, for an SLO with window W and allowed error ratio a = 1 - objective, when the source observed
 * C ≤ W of the window ({@link SliCoverage}; a source that cannot say is taken to cover W) and saw N events
 * of which B bad (error ratio r = B / N):
 * <pre>
 *   expected events over W   E = N × W / C          (the observed rate, extrapolated)
 *   budget (bad events)         a × E
 *   consumed                    B / (a × E) = (r / a) × (C / W), clamped to [0, 1]
 *   remaining                   1 - consumed
 * </pre>
 * So 30 seconds with r = 0.73 % against a = 1 % spend 0.73 × 30 s / 30 d ≈ 0.0008 % of a 30-day budget, not
 * 73 %; the status says what it is based on ({@link BudgetStatus.Known#basedOn}). Burn rates are r / a over
 * each window of the SRE workbook's scheme, scaled to the SLO's window ({@link BurnRatePolicy#scaledTo}).
 */
public final class ErrorBudgets {
    private final SliSource source;
    private final java.util.Optional<BurnRatePolicy> policy;
    private final Clock clock;

    private ErrorBudgets(SliSource source, java.util.Optional<BurnRatePolicy> policy, Clock clock) {
        this.source = source;
        this.policy = policy;
        this.clock = clock;
    }

    /** Budgets with the given policy's windows as they are (use {@link BurnRatePolicy#scaledTo} for short SLOs). */
    public static ErrorBudgets create(SliSource source, BurnRatePolicy policy, Clock clock) {
        return new ErrorBudgets(source, java.util.Optional.of(policy), clock);
    }

    /** Budgets with the SRE workbook's windows scaled to each SLO's window: what {@code slo} and {@code run} use. */
    public static ErrorBudgets create(SliSource source, Clock clock) {
        return new ErrorBudgets(source, java.util.Optional.empty(), clock);
    }

    public BudgetStatus status(Slo slo) {
        Reading overall = source.read(slo.sli(), slo.window());
        if (!(overall instanceof Reading.Known k)) return new BudgetStatus.Unknown(slo, ((Reading.Unknown) overall).reason());
        double errorRatio = k.value();
        Duration window = slo.window();
        Duration covered = source instanceof SliCoverage c ? c.covered(slo.sli(), window).orElse(window) : window;
        if (covered.compareTo(window) > 0) covered = window;
        double fraction = window.isZero() ? 1 : (double) covered.toMillis() / window.toMillis();
        double consumed = Math.min(1, Math.max(0, errorRatio / slo.budget() * fraction));
        List<BudgetStatus.BurnRate> rates = new ArrayList<>();
        BurnRatePolicy p = policy.orElseGet(() -> BurnRatePolicy.SRE_WORKBOOK.scaledTo(window));
        for (BurnRatePolicy.Window w : p.windows()) {
            Reading lr = source.read(slo.sli(), w.longWindow());
            Reading sr = source.read(slo.sli(), w.shortWindow());
            if (lr instanceof Reading.Unknown u) return new BudgetStatus.Unknown(slo, w.name() + " long window " + PromQl.duration(w.longWindow()) + ": " + u.reason());
            if (sr instanceof Reading.Unknown u) return new BudgetStatus.Unknown(slo, w.name() + " short window " + PromQl.duration(w.shortWindow()) + ": " + u.reason());
            rates.add(new BudgetStatus.BurnRate(w.name(), w.longWindow(), ((Reading.Known) lr).value() / slo.budget(),
                    w.shortWindow(), ((Reading.Known) sr).value() / slo.budget(), w.factor()));
        }
        return new BudgetStatus.Known(slo, errorRatio, 1 - consumed, covered, rates, clock.instant());
    }

    /**
     * The error budget left for a journey: the smallest remaining budget among the SLOs of {@code system} whose
     * name or SLI names the journey. No such SLO, or one that cannot be read, is unknown (the gate refuses).
     */
    public Reading journeyRemaining(dev.assay.model.SystemConfig system, String journey) {
        String name = "budget." + journey;
        List<Slo> slos = system.slos().stream().filter(s -> s.name().contains(journey) || s.sli().contains(journey)).toList();
        if (slos.isEmpty()) return new Reading.Unknown(name, "no SLO of system " + system.name() + " names journey " + journey);
        double remaining = Double.POSITIVE_INFINITY;
        for (Slo slo : slos) {
            BudgetStatus status = status(slo);
            if (status instanceof BudgetStatus.Unknown u) return new Reading.Unknown(name, "SLO " + slo.name() + ": " + u.reason());
            remaining = Math.min(remaining, ((BudgetStatus.Known) status).remaining());
        }
        return new Reading.Known(name, remaining, slos.size(), clock.instant());
    }

    /** Remaining budget per SLO; see {@link #status}. */
    public List<BudgetStatus> statuses(List<Slo> slos) {
        return slos.stream().map(this::status).toList();
    }

}
