package dev.inkwell.registry.endpoint;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.RegistryNames;

/**
 * One production variant of an endpoint: a model reference (a registered version, an alias the variant follows, or any
 * other reference) and its share of the traffic relative to the other variants' weights.
 */
public record Variant(String name, String model, int weight) {
    public Variant {
        RegistryNames.variant(name);
        model = canonical(model, "variant " + name);
        if (weight < 0 || weight > 1_000_000) throw new InvalidInputException("variant " + name + ": weight " + weight + " must be 0 to 1000000");
    }

    public ModelRef ref() {
        return ModelRef.parse(model);
    }

    /**
     * Parses {@code NAME=REF[:WEIGHT]} (weight 1 when absent). The weight is the last {@code :N}, so a pinned version
     * with its weight reads {@code a=mnist:3:90}, while {@code a=mnist:3} is bundled {@code mnist} with weight 3.
     */
    public static Variant parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) throw new InvalidInputException("variant '" + text + "': expected NAME=MODEL[:WEIGHT], e.g. a=mnist@champion:90");
        String name = text.substring(0, eq).strip();
        String rest = text.substring(eq + 1).strip();
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.substring(colon + 1).matches("[0-9]{1,7}")) {
            return new Variant(name, rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
        }
        return new Variant(name, rest, 1);
    }

    static String canonical(String model, String what) {
        if (model == null || model.isBlank()) throw new InvalidInputException(what + ": no model given");
        return ModelRef.parse(model).toString();
    }
}
