package dev.assay.telemetry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.model.SliDefinition;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SLIs from a Prometheus server's HTTP API. Each SLI's PromQL (with {@code $window} replaced) is evaluated at
 * the injected clock's instant. Fails closed: an unreachable server, an error answer, no series, several
 * series, or a NaN/infinite value (e.g. 0/0 without traffic) all read as {@link Reading.Unknown}.
 */
public final class PrometheusSliSource implements SliSource {
    private final URI base;
    private final Map<String, SliDefinition> slis = new LinkedHashMap<>();
    private final Clock clock;

    private PrometheusSliSource(URI base, List<SliDefinition> slis, Clock clock) {
        this.base = base;
        this.clock = clock;
        for (SliDefinition s : slis) this.slis.put(s.name(), s);
    }

    /** Serves the {@code prometheus}-sourced SLIs among {@code slis}. */
    public static PrometheusSliSource create(URI base, List<SliDefinition> slis, Clock clock) {
        return new PrometheusSliSource(base, slis.stream().filter(s -> s.source() == SliDefinition.Source.PROMETHEUS).toList(), clock);
    }

    @Override
    public Reading read(String sli, Duration window) {
        SliDefinition def = slis.get(sli);
        if (def == null) return new Reading.Unknown(sli, "no Prometheus SLI named '" + sli + "' is defined");
        Instant at = clock.instant();
        String promql = PromQl.withWindow(def.query(), window);
        JsonNode data;
        try {
            data = PromQl.query(base, promql, at);
        } catch (TelemetryUnavailableException e) {
            return new Reading.Unknown(sli, e.getMessage());
        }
        List<Double> values = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "vector" -> data.path("result").forEach(r -> values.add(number(r.path("value").path(1))));
            case "scalar" -> values.add(number(data.path("result").path(1)));
            default -> {
                return new Reading.Unknown(sli, "Prometheus answered " + data.path("resultType").asText() + " for " + promql + "; expected a vector or scalar");
            }
        }
        if (values.isEmpty()) return new Reading.Unknown(sli, "no data for " + promql + " at " + at);
        if (values.size() > 1) return new Reading.Unknown(sli, values.size() + " series for " + promql + "; aggregate it to one (e.g. sum(...))");
        double v = values.get(0);
        if (!Double.isFinite(v)) return new Reading.Unknown(sli, promql + " is " + v + " at " + at + " (no traffic in the window?)");
        return new Reading.Known(sli, v, 1, at);
    }

    private static double number(JsonNode n) {
        try {
            return Double.parseDouble(n.asText("NaN"));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
