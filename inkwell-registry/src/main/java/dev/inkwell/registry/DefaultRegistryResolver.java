package dev.inkwell.registry;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolver;
import dev.inkwell.store.Store;

/**
 * {@code NAME@ALIAS} and {@code NAME:VERSION} wherever a model is named ({@code predict}, {@code evaluate},
 * {@code finetune --base}, …): found as a {@link java.util.ServiceLoader} service by
 * {@link dev.inkwell.model.ModelResolvers#defaults()}, it opens the default store ({@code $INKWELL_STORE}, else
 * {@code $INKWELL_HOME/inkwell.db}) and buckets ({@code $INKWELL_BUCKETS}, else {@code $INKWELL_HOME/buckets}) the first
 * time a registry reference is resolved, and keeps them for the rest of the process. Code that has its own registry
 * (the server) resolves through that one instead.
 */
public final class DefaultRegistryResolver implements ModelResolver {
    private static ModelRegistry registry;

    @Override
    public String scheme() {
        return "registry";
    }

    @Override
    public ModelFiles resolve(ModelRef ref) {
        return registry().files(registry().version((ModelRef.Registry) ref));
    }

    private static synchronized ModelRegistry registry() {
        if (registry == null) {
            String location = System.getenv("INKWELL_STORE");
            Store store = Store.openOrEmbedded(location == null || location.isBlank() ? null : location);
            registry = ModelRegistry.open(store, Buckets.open(null));
        }
        return registry;
    }
}
