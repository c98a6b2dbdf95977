package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The model a fine-tuned or calibrated model was made from.
 *
 * @param ref    the reference it was given by (e.g. {@code bundled:mnist-compact}); null when not recorded
 * @param source how the parent itself came to be; null when not recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParentModel(String name, String version, String ref, ModelSource source) {
}
