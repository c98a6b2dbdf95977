package dev.inkwell.inference;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a fine-tuning run mixed the user's samples with replay from the original data.
 *
 * @param userShare share of each epoch made of the user's (augmented, repeated) samples
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FineTuneSettings(Integer replayCount, Double userShare, Boolean freezeFeatures) {
}
