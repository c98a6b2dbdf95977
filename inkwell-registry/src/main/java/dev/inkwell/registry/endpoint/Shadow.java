package dev.inkwell.registry.endpoint;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.RegistryNames;

/**
 * A shadow variant: receives a sampled copy of the endpoint's traffic ({@code percent} of requests); its answers are
 * recorded (agreement with the primary, metrics, capture) but never returned.
 */
public record Shadow(String name, String model, double percent) {
    public Shadow {
        RegistryNames.variant(name);
        model = Variant.canonical(model, "shadow " + name);
        if (!(percent > 0 && percent <= 100)) throw new InvalidInputException("shadow " + name + ": sample " + percent + " % must be above 0 and at most 100");
    }

    public ModelRef ref() {
        return ModelRef.parse(model);
    }

    /** Parses {@code NAME=REF:PERCENT%} (the {@code %} optional; 100 % when no share is given). */
    public static Shadow parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) throw new InvalidInputException("shadow '" + text + "': expected NAME=MODEL[:PERCENT%], e.g. c=mnist:4:10%");
        String name = text.substring(0, eq).strip();
        String rest = text.substring(eq + 1).strip();
        int colon = rest.lastIndexOf(':');
        if (colon > 0 && rest.substring(colon + 1).matches("[0-9]{1,3}(\\.[0-9]{1,3})?%?")) {
            String share = rest.substring(colon + 1);
            return new Shadow(name, rest.substring(0, colon), Double.parseDouble(share.endsWith("%") ? share.substring(0, share.length() - 1) : share));
        }
        if (rest.endsWith("%")) throw new InvalidInputException("shadow '" + text + "': the share must follow the model after ':' (c=mnist:4:10%)");
        return new Shadow(name, rest, 100);
    }
}
