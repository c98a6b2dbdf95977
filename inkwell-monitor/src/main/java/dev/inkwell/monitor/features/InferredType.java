package dev.inkwell.monitor.features;

/** Model Monitor's names for a feature's type, as {@code inferred_type} in statistics and constraints. */
public enum InferredType {
    FRACTIONAL("Fractional"),
    INTEGRAL("Integral"),
    STRING("String");

    private final String jsonName;

    InferredType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public boolean numeric() {
        return this != STRING;
    }
}
