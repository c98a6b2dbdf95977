package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.functions.FunctionFailure;

/**
 * What {@code register} does with a model uploaded to a bucket: {@link RegistryDeployer} registers it as a version of a
 * model in the registry and makes the endpoint follow that model's alias.
 */
public interface ModelDeployer {
    /**
     * An uploaded model.
     *
     * @param eTag     the version the event named (null: whatever is there)
     * @param endpoint the endpoint the trigger or caller named
     * @param model    the registered model it becomes a version of (null: the endpoint's name)
     * @param alias    the alias that moves to it and the endpoint follows (null: {@value #DEFAULT_ALIAS})
     * @param origin   who asked (recorded with the version)
     */
    record ModelUpload(Bucket bucket, String key, String eTag, String endpoint, String model, String alias, String origin) {
        public static final String DEFAULT_ALIAS = "production";
    }

    /** Installs the model; answers what now serves what. Doing it twice changes nothing more. */
    JsonNode deploy(ModelUpload upload) throws FunctionFailure;
}
