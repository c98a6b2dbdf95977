package dev.inkwell.serving.endpoint;

import dev.inkwell.core.InkwellException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.model.FileDigests;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Turns an endpoint's model reference into a {@link ResolvedModel}: a registered version by the registry (its number
 * and SHA-256 as registered, its files downloaded and checked), anything else by the resolvers (its files, the SHA-256
 * of its ONNX file, name and version from its card).
 */
public final class ModelResolution {
    private static final FileDigests DIGESTS = FileDigests.inCache();

    private final ModelResolvers resolvers;
    private final Supplier<ModelRegistry> registry;

    /**
     * @param registry the registry, looked up when a registry reference is resolved (it may throw while the store
     *                 cannot be reached); null when there is none: registry references are then refused
     */
    public ModelResolution(ModelResolvers resolvers, Supplier<ModelRegistry> registry) {
        this.resolvers = resolvers;
        this.registry = registry;
    }

    public ResolvedModel resolve(String reference) {
        ModelRef ref = ModelRef.parse(reference);
        if (ref instanceof ModelRef.Registry r && registry != null) {
            ModelRegistry reg = registry.get();
            ModelVersion v = reg.version(r);
            return new ResolvedModel(ref.toString(), v.name(), Integer.toString(v.version()), v.sha256(), reg.files(v));
        }
        ModelFiles files;
        try {
            files = resolvers.resolve(ref);
        } catch (InkwellException e) {
            throw e instanceof NotFoundException ? e : new NotFoundException(e.getMessage(), e);
        }
        if (!Files.isRegularFile(files.onnx())) throw new NotFoundException(files.onnx() + ": model file not found");
        String name = ModelFiles.stem(files.onnx());
        String version = "external";
        if (files.hasCard()) {
            ModelCard card = ModelCards.read(files.card());
            if (card.name() != null) name = card.name();
            if (card.version() != null) version = card.version();
        }
        return new ResolvedModel(ref.toString(), name, version, sha256(files.onnx()), files);
    }

    /** The digest of {@code file}, remembered between starts while the file is unchanged ({@link FileDigests}). */
    static String sha256(Path file) {
        return DIGESTS.sha256(file);
    }
}
