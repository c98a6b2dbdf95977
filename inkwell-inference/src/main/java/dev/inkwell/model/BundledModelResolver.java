package dev.inkwell.model;

import java.nio.file.Path;
import java.util.Objects;

/** {@code bundled:NAME}: the model's files extracted from the class path into a cache folder. */
public final class BundledModelResolver implements ModelResolver {
    private final Path cacheDir;

    public BundledModelResolver(Path cacheDir) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    @Override
    public String scheme() {
        return "bundled";
    }

    @Override
    public ModelFiles resolve(ModelRef ref) {
        return BundledModels.extract(((ModelRef.Bundled) ref).name(), cacheDir);
    }
}
