package dev.assay.demo;

import static java.util.Objects.requireNonNull;

import dev.assay.model.Fault;
import dev.assay.model.FaultType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one experiment on {@code llm} measured of the assistant's mechanisms on assistant → llm, from the counters of
 * its baseline and fault windows ({@link LlmEdgeMeter}): the mechanisms the measurements show ({@code mechanisms}:
 * {@code retries-without-backoff} or {@code retries-with-backoff} when the LLM got more calls per question under a rate
 * limit, {@code fallback} when canned answers replaced failures, {@code no-timeout} when answers waited out a slow first
 * token), each with the numbers that show it in {@code text}. Nothing is taken from the planted truth: an assistant
 * with a timeout, backoff or no fallback reads differently.
 */
public record LlmEdgeFinding(String intent, String fault, List<String> mechanisms, double baselineCallsPerQuestion, double callsPerQuestion,
                      double fallbackShare, double failedShare, double p50Ms, String text) {
    /** More calls per question than this many times the baseline's is amplification (retries). */
    static final double AMPLIFIED = 1.2;
    /** At most this share of questions failing while canned answers are given is a fallback that absorbs. */
    static final double ABSORBED = 0.05;

    public LlmEdgeFinding {
        requireNonNull(intent, "intent");
        requireNonNull(fault, "fault");
        mechanisms = List.copyOf(mechanisms);
        requireNonNull(text, "text");
    }

    /** The finding of an experiment on llm with {@code fault}, or empty when its windows hold no question. */
    static Optional<LlmEdgeFinding> of(String intent, Fault fault, LlmEdgeMeter.Windows w) {
        LlmCounts base = w.baseline();
        LlmCounts during = w.fault();
        if (base.questions() <= 0 || during.questions() <= 0) return Optional.empty();
        double p50 = ServiceSlis.quantileMs(during.latencyBuckets(), during.questions(), 0.5);
        List<String> mechanisms = new ArrayList<>();
        List<String> says = new ArrayList<>();
        double before = base.callsPerQuestion();
        double now = during.callsPerQuestion();
        if (during.rateLimited() > 0 && now > AMPLIFIED * before) {
            double retryAfter = fault.peak().get("retryAfter").orElse(0);
            boolean atOnce = retryAfter > 0 && p50 < retryAfter / 2;
            mechanisms.add(atOnce || retryAfter == 0 ? "retries-without-backoff" : "retries-with-backoff");
            says.add(String.format(Locale.ROOT, "retries 429s%s: %.1f LLM calls per question during the fault vs %.1f before%s", atOnce ? " at once" : "",
                    now, before, retryAfter > 0 ? String.format(Locale.ROOT, " (questions took %.0f ms at p50: Retry-After %.0f ms %s)", p50, retryAfter,
                            atOnce ? "ignored, no backoff" : "waited for") : ""));
        }
        if (during.fallbacks() > 0) {
            boolean absorbs = during.failedShare() <= ABSORBED;
            if (absorbs) mechanisms.add("fallback");
            says.add(String.format(Locale.ROOT, "%s %s: %s of answers degraded to the canned answer, %s of questions failed",
                    absorbs ? "fallback absorbs" : "a fallback answers some of", fault.type().id(), percent(during.fallbackShare()),
                    percent(during.failedShare())));
        }
        if (fault.type() == FaultType.SLOW_STREAM) {
            double delay = fault.peak().get("firstEventDelayMs").orElse(0);
            double waited = w.toEnd().slowerThan(0.9 * delay);
            if (delay > 0 && waited > 0) {
                mechanisms.add("no-timeout");
                says.add(String.format(Locale.ROOT, "no timeout on the stream: %.0f answers waited out the %.0f ms to the first token; %.0f questions"
                        + " refused while the LLM streams were held (%s of the fault window's questions)", waited, delay, during.refused(),
                        percent(during.questions() > 0 ? during.refused() / during.questions() : 0)));
            } else if (delay > 0) {
                says.add(String.format(Locale.ROOT, "no answer waited %.0f ms for its first token: a timeout bounds the wait", delay));
            }
        }
        if (says.isEmpty()) {
            says.add(String.format(Locale.ROOT, "%.1f LLM calls per question (%.1f before), %s failed", now, before, percent(during.failedShare())));
        }
        return Optional.of(new LlmEdgeFinding(intent, fault.type().id(), mechanisms, before, now, during.fallbackShare(), during.failedShare(), p50,
                "assistant -> llm: " + String.join("; ", says)));
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
