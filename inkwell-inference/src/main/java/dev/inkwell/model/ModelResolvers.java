package dev.inkwell.model;

import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.UnavailableException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The resolvers a program knows, one per scheme, like DJL's repository factories. Immutable: {@link #with} returns a
 * copy, so a module adds its resolver where it is configured ({@code ModelResolvers.defaults().with(new
 * RegistryResolver(store))}) without touching anyone else's set. Resolvers that need no configuration may instead be
 * listed as {@link ServiceLoader} services of {@link ModelResolver}; {@link #defaults()} picks them up.
 */
public final class ModelResolvers {
    private final Map<String, ModelResolver> byScheme;

    private ModelResolvers(Map<String, ModelResolver> byScheme) {
        this.byScheme = Collections.unmodifiableMap(byScheme);
    }

    /** {@code bundled} (cached under {@code $INKWELL_HOME/cache/models}) and {@code file}, plus any service on the class path. */
    public static ModelResolvers defaults() {
        ModelResolvers r = builtIn(InkwellHome.cache().resolve("models"));
        for (ModelResolver service : ServiceLoader.load(ModelResolver.class)) r = r.with(service);
        return r;
    }

    /** Only the resolvers of this module: {@code bundled} extracting into {@code cacheDir}, and {@code file}. */
    public static ModelResolvers builtIn(Path cacheDir) {
        return new ModelResolvers(Map.of()).with(new BundledModelResolver(cacheDir)).with(new FileModelResolver());
    }

    /** These resolvers with {@code resolver} added, replacing any for the same scheme. */
    public ModelResolvers with(ModelResolver resolver) {
        Map<String, ModelResolver> copy = new LinkedHashMap<>(byScheme);
        copy.put(Objects.requireNonNull(resolver.scheme(), "scheme"), resolver);
        return new ModelResolvers(copy);
    }

    public Set<String> schemes() {
        return byScheme.keySet();
    }

    /** The files of {@code ref}, from the resolver of its scheme. */
    public ModelFiles resolve(ModelRef ref) {
        ModelResolver resolver = byScheme.get(ref.scheme());
        if (resolver == null) throw missing(ref);
        return resolver.resolve(ref);
    }

    /** Parses {@code text} ({@link ModelRef#parse(String)}) and resolves it. */
    public ModelFiles resolve(String text) {
        return resolve(ModelRef.parse(text));
    }

    /** Parses {@code text} written in a file in {@code baseDir} ({@link ModelRef#parse(String, Path)}) and resolves it. */
    public ModelFiles resolve(String text, Path baseDir) {
        return resolve(ModelRef.parse(text, baseDir));
    }

    private static UnavailableException missing(ModelRef ref) {
        String why = switch (ref) {
            case ModelRef.Registry r -> "the model registry is not available here (no resolver for registry: references)";
            case ModelRef.S3Object s -> "no resolver for s3:// references here (object storage is not available in this program)";
            default -> "no resolver for " + ref.scheme() + ": references here";
        };
        return new UnavailableException("model '" + ref + "': " + why);
    }
}
