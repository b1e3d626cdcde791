package dev.assay.runner;

import dev.assay.model.Expectation;
import dev.assay.spi.Reading;
import dev.assay.spi.SliSource;
import dev.assay.verdict.SliWindows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What an outcome records of every observed service and journey ({@link SliWindows}): read from the SLI source as
 * each window closes (Prometheus answers only trailing windows). A watched service's error-rate SLI
 * {@code <prefix>errors.rate} names its latency SLIs {@code <prefix>latency.p50} and {@code <prefix>latency.p99}
 * (for the demo {@code service.payment.errors.rate}, for a system file {@code payment.errors.rate}); journeys are the
 * {@code <journey>.errors.rate} SLIs of the intent and of the experiment's recovery SLIs that are no service's.
 */
final class OutcomeSlis {
    /** One service or journey and the SLIs it is read from. */
    record Subject(String name, boolean journey, String errors, String p50, String p99) {
    }

    private static final String ERRORS = "errors.rate";

    private OutcomeSlis() {
    }

    static List<Subject> subjects(Experiment x) {
        List<Subject> out = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        new java.util.TreeMap<>(x.watchedServices()).forEach((service, slis) -> slis.stream().filter(s -> s.endsWith(ERRORS)).findFirst()
                .ifPresent(s -> {
                    out.add(subject(service, false, s));
                    used.add(s);
                }));
        Set<String> journeySlis = new LinkedHashSet<>();
        journeySlis.add(x.intent().targetBehavior() + "." + ERRORS);
        x.intent().expect().stream().map(Expectation::sli).forEach(journeySlis::add);
        journeySlis.addAll(x.recoverySlis());
        for (String s : journeySlis) {
            if (!s.endsWith("." + ERRORS) || used.contains(s)) continue;
            out.add(subject(s.substring(0, s.length() - ERRORS.length() - 1), true, s));
            used.add(s);
        }
        return List.copyOf(out);
    }

    private static Subject subject(String name, boolean journey, String errors) {
        String prefix = errors.substring(0, errors.length() - ERRORS.length());
        return new Subject(name, journey, errors, prefix + "latency.p50", prefix + "latency.p99");
    }

    /** Every subject's window ending now, keyed {@code service:name} or {@code journey:name}; subjects without a known error rate are left out. */
    static Map<String, SliWindows.Window> read(SliSource source, List<Subject> subjects, Duration window) {
        Map<String, SliWindows.Window> out = new LinkedHashMap<>();
        for (Subject s : subjects) {
            if (!(source.read(s.errors(), window) instanceof Reading.Known e) || !Double.isFinite(e.value())) continue;
            out.put(key(s), new SliWindows.Window(Math.max(0, Math.min(1, e.value())), e.samples(), latency(source, s.p50(), window),
                    latency(source, s.p99(), window)));
        }
        return out;
    }

    private static OptionalDouble latency(SliSource source, String sli, Duration window) {
        return source.read(sli, window) instanceof Reading.Known k && k.value() >= 0 ? OptionalDouble.of(k.value()) : OptionalDouble.empty();
    }

    /** The subjects measured in both windows. */
    static List<SliWindows> pair(List<Subject> subjects, Map<String, SliWindows.Window> baseline, Map<String, SliWindows.Window> fault) {
        List<SliWindows> out = new ArrayList<>();
        for (Subject s : subjects) {
            SliWindows.Window b = baseline.get(key(s));
            SliWindows.Window f = fault.get(key(s));
            if (b != null && f != null) out.add(new SliWindows(s.name(), s.journey(), b, f));
        }
        return List.copyOf(out);
    }

    private static String key(Subject s) {
        return (s.journey() ? "journey:" : "service:") + s.name();
    }
}
