package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.functions.FunctionFailure;

/**
 * What {@code register} does with a model uploaded to a bucket. Until the model registry exists the default
 * ({@link EndpointFileDeployer}) makes an endpoint serve it; the registry replaces this with "register a version
 * (the artifact stays in its bucket) and let endpoints that follow it move on".
 */
public interface ModelDeployer {
    /**
     * An uploaded model.
     *
     * @param eTag     the version the event named (null: whatever is there)
     * @param endpoint the endpoint the trigger or caller named
     * @param origin   who asked (what files written on the way are marked with)
     */
    record ModelUpload(Bucket bucket, String key, String eTag, String endpoint, String origin) {
    }

    /** Installs the model; answers what now serves what. Doing it twice changes nothing more. */
    JsonNode deploy(ModelUpload upload) throws FunctionFailure;
}
