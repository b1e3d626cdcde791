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
            Parameter.required("sizeMb", Quantity.Unit.NUMBER), Parameter.optional("workers", Quantity.Unit.NUMBER, 1)));

    /** One magnitude parameter: its name, its unit, and its default when optional. */
    public record Parameter(String name, Quantity.Unit unit, boolean required, double defaultValue) {
        static Parameter required(String name, Quantity.Unit unit) {
            return new Parameter(name, unit, true, Double.NaN);
        }

        static Parameter optional(String name, Quantity.Unit unit, double defaultValue) {
            return new Parameter(name, unit, false, defaultValue);
        }
    }

    private final String id;
    private final FaultClass faultClass;
    private final List<Parameter> parameters;

    FaultType(String id, FaultClass faultClass, List<Parameter> parameters) {
        this.id = id;
        this.faultClass = faultClass;
        this.parameters = parameters;
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
