package dev.inkwell.registry;

import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolver;

/** {@code registry:NAME@ALIAS} and {@code registry:NAME:VERSION}: the version's files, downloaded and checked. */
public final class RegistryResolver implements ModelResolver {
    private final ModelRegistry registry;

    RegistryResolver(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String scheme() {
        return "registry";
    }

    @Override
    public ModelFiles resolve(ModelRef ref) {
        return registry.files(registry.version((ModelRef.Registry) ref));
    }
}
