package dev.assay.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every fault Assay can inject, with the magnitude parameters it takes. Intent files spell the type by
 * {@link #id()} ({@code slow-close}); parameters are listed in {@link #parameters()}.
 */
public enum FaultType {
    LATENCY("latency", FaultClass.LATENCY, List.of(
            Parameter.required("delayMs", Quantity.Unit.MILLISECONDS), Parameter.optional("jitterMs", Quantity.Unit.MILLISECONDS, 0))),
    ERROR("error", FaultClass.ERRORS, List.of(Parameter.optional("status", Quantity.Unit.NUMBER, 503))),
    ABORT("abort", FaultClass.ERRORS, List.of()),
    UNAVAILABLE("unavailable", FaultClass.UNAVAILABILITY, List.of()),
    BANDWIDTH("bandwidth", FaultClass.LATENCY, List.of(Parameter.required("rateKbps", Quantity.Unit.NUMBER))),
    RESET("reset", FaultClass.ERRORS, List.of(Parameter.optional("timeoutMs", Quantity.Unit.MILLISECONDS, 0))),
    SLOW_CLOSE("slow-close", FaultClass.LATENCY, List.of(Parameter.required("delayMs", Quantity.Unit.MILLISECONDS))),
    SLICER("slicer", FaultClass.LATENCY, List.of(
            Parameter.required("averageSize", Quantity.Unit.NUMBER), Parameter.optional("sizeVariation", Quantity.Unit.NUMBER, 0),
            Parameter.optional("delayUs", Quantity.Unit.NUMBER, 0))),
    KILL("kill", FaultClass.UNAVAILABILITY, List.of(Parameter.optional("signal", Quantity.Unit.NUMBER, 9))),
    PAUSE("pause", FaultClass.UNAVAILABILITY, List.of(Parameter.required("durationMs", Quantity.Unit.MILLISECONDS))),
    // Kubernetes faults (applied through Chaos Mesh; see INJECTORS.md). Scope is the fraction of the target's pods.
    LOSS("loss", FaultClass.ERRORS, List.of(Parameter.required("lossPercent", Quantity.Unit.NUMBER), Parameter.optional("correlation", Quantity.Unit.NUMBER, 0))),
    PARTITION("partition", FaultClass.UNAVAILABILITY, List.of()),
    POD_KILL("pod-kill", FaultClass.UNAVAILABILITY, List.of()),
    POD_FAILURE("pod-failure", FaultClass.UNAVAILABILITY, List.of()),
    CONTAINER_KILL("container-kill", FaultClass.UNAVAILABILITY, List.of()),
    CPU_STRESS("cpu-stress", FaultClass.UNAVAILABILITY, List.of(
            Parameter.required("workers", Quantity.Unit.NUMBER), Parameter.optional("load", Quantity.Unit.NUMBER, 100))),
    MEMORY_STRESS("memory-stress", FaultClass.UNAVAILABILITY, List.of(
            Parameter.required("sizeMb", Quantity.Unit.NUMBER), Parameter.optional("workers", Quantity.Unit.NUMBER, 1))),
    // AI-API faults (HTTP-mode proxy only; see INJECTORS.md). Level: the scope's share, except slow-stream (time).
    RATE_LIMIT("rate-limit", FaultClass.ERRORS, List.of(
            Parameter.optional("status", Quantity.Unit.NUMBER, 429).within(400, 599),
            Parameter.optional("retryAfter", Quantity.Unit.MILLISECONDS, 1000).within(0, 86_400_000),
            Parameter.optional("quota", Quantity.Unit.NUMBER, 0).within(0, 1e9),
            Parameter.optional("windowMs", Quantity.Unit.MILLISECONDS, 1000).within(1, 3_600_000)),
            List.of(TextParameter.choice("style", "openai", "openai", "anthropic"))),
    OVERLOADED("overloaded", FaultClass.ERRORS, List.of(Parameter.optional("status", Quantity.Unit.NUMBER, 503).within(500, 599)),
            List.of(TextParameter.choice("style", "openai", "openai", "anthropic"))),
    SLOW_STREAM("slow-stream", FaultClass.LATENCY, List.of(
            Parameter.optional("firstEventDelayMs", Quantity.Unit.MILLISECONDS, 0).within(0, 3_600_000),
            Parameter.optional("betweenEventsDelayMs", Quantity.Unit.MILLISECONDS, 0).within(0, 3_600_000))),
    STREAM_CUT("stream-cut", FaultClass.ERRORS, List.of(
            Parameter.optional("afterEvents", Quantity.Unit.NUMBER, 0).within(0, 1e9),
            Parameter.optional("afterBytes", Quantity.Unit.NUMBER, 0).within(0, Integer.MAX_VALUE),
            Parameter.optional("finalEvent", Quantity.Unit.NUMBER, 0).within(0, 1))),
    MALFORMED_BODY("malformed-body", FaultClass.ERRORS, List.of(),
            List.of(TextParameter.choice("mode", "truncate", "truncate", "corrupt", "wrong-type"), TextParameter.free("field")));

    /** One magnitude parameter: its name, its unit, its default when optional, and the range it must lie in. */
    public record Parameter(String name, Quantity.Unit unit, boolean required, double defaultValue, double min, double max) {
        static Parameter required(String name, Quantity.Unit unit) {
            return new Parameter(name, unit, true, Double.NaN, 0, Double.POSITIVE_INFINITY);
        }

        static Parameter optional(String name, Quantity.Unit unit, double defaultValue) {
            return new Parameter(name, unit, false, defaultValue, 0, Double.POSITIVE_INFINITY);
        }

        Parameter within(double min, double max) {
            return new Parameter(name, unit, required, defaultValue, min, max);
        }

        public boolean accepts(double value) {
            return value >= min && value <= max;
        }
    }

    /**
     * One magnitude parameter written as a word ({@code style: anthropic}): the allowed words (empty: any
     * non-blank text, e.g. a JSON field name) and the default, when there is one.
     */
    public record TextParameter(String name, List<String> choices, Optional<String> defaultValue) {
        public TextParameter {
            choices = List.copyOf(choices);
        }

        static TextParameter choice(String name, String defaultValue, String... choices) {
            return new TextParameter(name, List.of(choices), Optional.of(defaultValue));
        }

        static TextParameter free(String name) {
            return new TextParameter(name, List.of(), Optional.empty());
        }

        public boolean accepts(String value) {
            return !value.isBlank() && (choices.isEmpty() || choices.contains(value));
        }
    }

    private final String id;
    private final FaultClass faultClass;
    private final List<Parameter> parameters;
    private final List<TextParameter> textParameters;

    FaultType(String id, FaultClass faultClass, List<Parameter> parameters) {
        this(id, faultClass, parameters, List.of());
    }

    FaultType(String id, FaultClass faultClass, List<Parameter> parameters, List<TextParameter> textParameters) {
        this.id = id;
        this.faultClass = faultClass;
        this.parameters = parameters;
        this.textParameters = textParameters;
    }

    public String id() {
        return id;
    }

    public FaultClass faultClass() {
        return faultClass;
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameters written as words ({@code style}, {@code mode}, {@code field}); none for most types. */
    public List<TextParameter> textParameters() {
        return textParameters;
    }

    public Optional<TextParameter> textParameter(String name) {
        return textParameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every parameter name, numeric then text, as intents spell them. */
    public List<String> parameterNames() {
        List<String> names = new java.util.ArrayList<>(parameters.stream().map(Parameter::name).toList());
        textParameters.forEach(p -> names.add(p.name()));
        return names;
    }

    /** True for the faults only an HTTP-mode proxy can apply (they answer or rewrite HTTP messages and streams). */
    public boolean needsHttp() {
        return switch (this) {
            case RATE_LIMIT, OVERLOADED, SLOW_STREAM, STREAM_CUT, MALFORMED_BODY -> true;
            default -> false;
        };
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public static Optional<FaultType> byId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(FaultType::id).toList();
    }
}
