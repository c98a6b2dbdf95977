package dev.inkwell.cli.retrain;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.Variant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a retrained model goes on an endpoint: the champion is the variant with the most traffic (a challenger an
 * earlier retrain put there left out), and the new model joins as a challenger variant with a small share, the other
 * variants keeping their proportions of the rest (weights out of 1,000). An earlier challenger of the same name is
 * replaced.
 */
public final class ChallengerPlacement {
    private static final int TOTAL = 1000;

    private ChallengerPlacement() {
    }

    /** The variant a retrain starts from. */
    public static Variant champion(EndpointDefinition d, String challenger) {
        return d.variants().stream().filter(v -> !v.name().equals(challenger))
                .max(Comparator.comparingInt(Variant::weight))
                .orElseThrow(() -> new InvalidInputException("endpoint " + d.name() + " has only its challenger variant " + challenger
                        + ": nothing to retrain from"));
    }

    /** {@code d} with variant {@code name} serving {@code model} at {@code sharePercent} % of the traffic. */
    public static EndpointDefinition place(EndpointDefinition d, String name, String model, double sharePercent) {
        if (!(sharePercent > 0 && sharePercent < 100)) throw new InvalidInputException("challenger share " + sharePercent + " %: expected more than 0 and less than 100");
        List<Variant> others = d.variants().stream().filter(v -> !v.name().equals(name)).toList();
        if (others.isEmpty()) throw new InvalidInputException("endpoint " + d.name() + " needs a variant besides " + name);
        if (d.shadow() != null && d.shadow().name().equals(name)) {
            throw new InvalidInputException("endpoint " + d.name() + " has a shadow named " + name + ": name the challenger otherwise");
        }
        int challengerWeight = (int) Math.max(1, Math.round(sharePercent * TOTAL / 100));
        long sum = others.stream().mapToLong(Variant::weight).sum();
        List<Variant> out = new ArrayList<>();
        for (Variant v : others) {
            int w = v.weight() == 0 ? 0 : (int) Math.max(1, Math.round((double) v.weight() / sum * (TOTAL - challengerWeight)));
            out.add(new Variant(v.name(), v.model(), w));
        }
        out.add(new Variant(name, model, challengerWeight));
        return new EndpointDefinition(d.name(), out, d.shadow(), d.capture(), d.requireApproved());
    }
}
