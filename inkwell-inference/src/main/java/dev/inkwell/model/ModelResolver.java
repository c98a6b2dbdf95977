package dev.inkwell.model;

/**
 * Turns the {@link ModelRef}s of one scheme into local {@link ModelFiles} (fetching or extracting them first where
 * they live elsewhere). One implementation per scheme, registered with {@link ModelResolvers}: {@code bundled} and
 * {@code file} here; the model registry adds {@code registry} and object storage {@code s3}, either programmatically
 * ({@link ModelResolvers#with}) or as a {@link java.util.ServiceLoader} service when they need no configuration.
 */
public interface ModelResolver {
    /** The {@link ModelRef#scheme()} this resolver serves. */
    String scheme();

    /**
     * The files of {@code ref}, which has this resolver's scheme.
     *
     * @throws dev.inkwell.core.InkwellException with a one-line message when the model is not there or cannot be read
     */
    ModelFiles resolve(ModelRef ref);
}
