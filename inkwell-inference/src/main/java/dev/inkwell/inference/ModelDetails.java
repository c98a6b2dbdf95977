package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Which model this is.
 *
 * @param version        a new one for every new set of weights (Inkwell uses the creation time)
 * @param parameterCount ≤ 0 when unknown
 * @param description    free text, e.g. where an imported model's figures come from
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDetails(String name, String version, String architecture, long parameterCount, Instant created,
                           String inkwellVersion, String description) {
    public static final ModelDetails UNSPECIFIED = new ModelDetails(null, null, null, 0, null, null, null);
}
