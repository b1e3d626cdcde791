package dev.assay.model;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The belief an intent puts under test: a resilience mechanism on one edge, written
 * {@code circuit-breaker(checkout->inventory)}.
 */
public record Mechanism(Kind kind, String from, String to) {
    public enum Kind {
        CIRCUIT_BREAKER, TIMEOUT, RETRY, FALLBACK, BULKHEAD, RATE_LIMIT, ASYNC;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Kind> byId(String id) {
            return Arrays.stream(values()).filter(k -> k.id().equals(id)).findFirst();
        }
    }

    private static final Pattern FORM = Pattern.compile("^\\s*([a-z-]+)\\s*\\(\\s*([^\\s>()-][^()>]*?)\\s*->\\s*([^\\s()][^()]*?)\\s*\\)\\s*$");

    public Mechanism {
        requireNonNull(kind, "kind");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
    }

    /** Reads {@code kind(from->to)}; empty when the text is not of that form or the kind is unknown. */
    public static Optional<Mechanism> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) return Optional.empty();
        return Kind.byId(m.group(1)).map(k -> new Mechanism(k, m.group(2), m.group(3)));
    }

    @Override
    public String toString() {
        return kind.id() + "(" + from + "->" + to + ")";
    }
}
