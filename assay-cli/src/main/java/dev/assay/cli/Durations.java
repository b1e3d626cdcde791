package dev.assay.cli;

import dev.assay.model.InvalidInputException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/** Reads {@code 250ms}, {@code 30s}, {@code 2m}, {@code 1h} as durations for command-line options. */
final class Durations implements ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("^(\\d+(?:\\.\\d+)?)(ms|s|m|h)$");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) throw new InvalidInputException("'" + value + "' is not a duration; write e.g. 250ms, 30s, 2m or 1h");
        double n = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }
}
