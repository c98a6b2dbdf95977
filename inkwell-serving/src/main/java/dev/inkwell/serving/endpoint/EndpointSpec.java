package dev.inkwell.serving.endpoint;

/** A named route to a model: {@code model} is a model reference (a bundled name, a path to an ONNX file or folder). */
public record EndpointSpec(String name, String model) {
    public static final String DEFAULT = "default";
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    public EndpointSpec {
        if (name == null || !name.matches(NAME)) {
            throw new IllegalArgumentException("endpoint name '" + name + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (model == null || model.isBlank()) throw new IllegalArgumentException("endpoint " + name + " needs a model");
    }

    /** Parses {@code name=model} or a bare {@code model} (then named {@code default}). */
    public static EndpointSpec parse(String text) {
        int eq = text.indexOf('=');
        if (eq > 0 && text.substring(0, eq).trim().matches(NAME)) {
            return new EndpointSpec(text.substring(0, eq).trim(), text.substring(eq + 1).trim());
        }
        return new EndpointSpec(DEFAULT, text.trim());
    }
}
