package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.registry.ModelRegistry;
import picocli.CommandLine.Mixin;

/**
 * The model registry a command works on (a picocli mixin): the store ({@code --store}) holds versions, aliases and
 * endpoints; the buckets ({@code --buckets}) hold the versions' files. Opened once per command, closed when it ends.
 */
public final class RegistryOptions {
    @Mixin
    StoreOptions store;

    @Mixin
    BucketOptions buckets;

    private ModelRegistry registry;

    public ModelRegistry open() {
        if (registry == null) registry = ModelRegistry.open(store.open(), buckets.shared());
        return registry;
    }

    void close() {
        registry = null;
        buckets.close();
        store.close();
    }
}
