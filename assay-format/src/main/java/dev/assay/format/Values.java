package dev.assay.format;

import dev.assay.model.Quantities;
import dev.assay.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts positioned nodes to Java values, reporting a problem (and returning empty) when the node is of
 * the wrong type or unit. {@code field} is the dotted path printed in the problem ({@code spec.fault.type}).
 */
public final class Values {
    static final String TOO_LARGE_HINT = "write a value between -1e300 and 1e300 (most fields need far less)";
    static final String UNITS_HINT = "a number, a duration such as 400ms, 1.5s or 15m, or a percentage such as 0.1%";

    private Values() {
    }

    /** Any non-null scalar as its text (so {@code id: 42} is the id "42"). */
    public static Optional<String> string(Node node, String field, Problems problems) {
        if (node instanceof Node.ScalarNode s && s.kind() != Node.ScalarKind.NULL) return Optional.of(s.text());
        problems.add(node, field, "expected a string, got " + node.describe());
        return Optional.empty();
    }

    /** A non-blank string. */
    public static Optional<String> name(Node node, String field, Problems problems) {
        Optional<String> s = string(node, field, problems);
        if (s.isPresent() && s.get().isBlank()) {
            problems.add(node, field, "expected a non-empty name");
            return Optional.empty();
        }
        return s.map(String::strip);
    }

    /** A plain number ({@code 10}, {@code 0.5}, also written as a quoted string). */
    public static Optional<Double> number(Node node, String field, Problems problems) {
        if (node instanceof Node.ScalarNode s && (s.kind() == Node.ScalarKind.NUMBER || s.kind() == Node.ScalarKind.STRING)) {
            try {
                double v = new BigDecimal(s.text().strip()).doubleValue();
                if (Double.isFinite(v)) return Optional.of(v);
                problems.add(node, field, "the number '" + s.text() + "' is too large to use; " + TOO_LARGE_HINT);
                return Optional.empty();
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(node, field, "expected a number, got " + node.describe());
        return Optional.empty();
    }

    public static Optional<Boolean> bool(Node node, String field, Problems problems) {
        if (node instanceof Node.ScalarNode s && s.kind() == Node.ScalarKind.BOOLEAN) {
            return Optional.of(Boolean.parseBoolean(s.text()) || s.text().equalsIgnoreCase("yes") || s.text().equalsIgnoreCase("on"));
        }
        problems.add(node, field, "expected true or false, got " + node.describe());
        return Optional.empty();
    }

    /** A number with an optional unit: {@code 5}, {@code 400ms}, {@code 15m}, {@code 0.1%}. */
    public static Optional<Quantity> quantity(Node node, String field, Problems problems) {
        return quantity(node, field, problems, UNITS_HINT);
    }

    private static Optional<Quantity> quantity(Node node, String field, Problems problems, String hint) {
        if (node instanceof Node.ScalarNode s && (s.kind() == Node.ScalarKind.NUMBER || s.kind() == Node.ScalarKind.STRING)) {
            Optional<Quantity> q;
            try {
                q = Quantities.parse(s.text());
            } catch (IllegalArgumentException tooLarge) { // 1e309 is no finite double; 1e9999999999 no BigDecimal
                problems.add(node, field, "the number '" + s.text() + "' is too large to use; " + TOO_LARGE_HINT);
                return Optional.empty();
            }
            if (q.isPresent()) return q;
            problems.add(node, field, "cannot read '" + s.text() + "': expected " + hint);
            return Optional.empty();
        }
        problems.add(node, field, "expected " + hint + ", got " + node.describe());
        return Optional.empty();
    }

    /** A duration with its unit ({@code 15m}, {@code 400ms}); a bare number is rejected as ambiguous. */
    public static Optional<Duration> duration(Node node, String field, Problems problems) {
        Optional<Quantity> q = quantity(node, field, problems, "a duration such as 400ms, 30s, 15m or 2h");
        if (q.isEmpty()) return Optional.empty();
        if (q.get().unit() != Quantity.Unit.MILLISECONDS) {
            problems.add(node, field, "expected a duration with a unit (such as 400ms, 30s, 15m, 2h), got " + ((Node.ScalarNode) node).text());
            return Optional.empty();
        }
        if (q.get().value() < 0) {
            problems.add(node, field, "expected a duration of zero or more, got " + ((Node.ScalarNode) node).text());
            return Optional.empty();
        }
        return Optional.of(q.get().duration());
    }

    /** A fraction written as a plain number ({@code 0.001}) or a percentage ({@code 0.1%}). */
    public static Optional<Double> ratio(Node node, String field, Problems problems) {
        Optional<Quantity> q = quantity(node, field, problems, "a fraction such as 0.001 or a percentage such as 0.1%");
        if (q.isEmpty()) return Optional.empty();
        if (q.get().unit() == Quantity.Unit.MILLISECONDS) {
            problems.add(node, field, "expected a fraction such as 0.001 or a percentage such as 0.1%, got the duration " + ((Node.ScalarNode) node).text());
            return Optional.empty();
        }
        return Optional.of(q.get().value());
    }

    public static Optional<List<Node>> list(Node node, String field, Problems problems) {
        if (node instanceof Node.ListNode l) return Optional.of(l.items());
        problems.add(node, field, "expected a list, got " + node.describe());
        return Optional.empty();
    }

    /** A list of names; each bad item is reported at its own position, the good ones are kept. */
    public static Optional<List<Named>> names(Node node, String field, Problems problems) {
        return list(node, field, problems).map(items -> {
            List<Named> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                String f = field + "[" + i + "]";
                name(item, f, problems).ifPresent(n -> out.add(new Named(n, item.position(), f)));
            }
            return List.copyOf(out);
        });
    }

    /** A name read from a list, with where it was written (for later cross-checks against a topology). */
    public record Named(String name, Position position, String field) {
    }
}
