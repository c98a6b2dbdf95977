package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolver;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.ModelRegistry;

/**
 * How a command finds the models it is told to use: bundled names and paths as everywhere, and registry references
 * ({@code NAME@ALIAS}, {@code NAME:VERSION}) in the registry of the command's own {@code --store} and {@code --buckets},
 * opened only when such a reference is used.
 */
final class ModelLookup {
    private ModelLookup() {
    }

    static ModelResolvers resolvers(StoreOptions store, BucketOptions buckets) {
        return ModelResolvers.defaults().with(new ModelResolver() {
            @Override
            public String scheme() {
                return "registry";
            }

            @Override
            public ModelFiles resolve(ModelRef ref) {
                return ModelRegistry.open(store.open(), buckets.shared()).resolver().resolve(ref);
            }
        });
    }
}
