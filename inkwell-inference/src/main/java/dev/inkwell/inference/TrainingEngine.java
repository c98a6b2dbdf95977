package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What computed a model's weights: bit-exact reproduction needs the same versions and the same oneDNN instruction set
 * (convolutions sum in a different order under each).
 *
 * @param oneDnnIsa the instruction-set cap oneDNN trained under ({@code AVX2}, …), or {@code native}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingEngine(String pytorchVersion, String djlVersion, String oneDnnIsa) {
}
