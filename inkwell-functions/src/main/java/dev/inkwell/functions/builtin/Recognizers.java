package dev.inkwell.functions.builtin;

import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.Recognition;

/** Reads pictures with a named endpoint's model, as the process has its endpoints (the server's, or the CLI's own). */
public interface Recognizers {
    /** What an endpoint read, and with which model. */
    record Reading(String endpoint, ModelCard card, Recognition recognition) {
    }

    /**
     * Reads one encoded picture (PNG, JPEG…) with the endpoint's model.
     *
     * @param origin names the picture in error messages ({@code s3://bucket/key})
     */
    Reading read(String endpoint, byte[] picture, String origin);
}
