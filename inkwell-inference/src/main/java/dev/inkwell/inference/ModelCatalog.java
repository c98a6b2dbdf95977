package dev.inkwell.inference;

import dev.inkwell.core.InkwellHome;
import dev.inkwell.model.BundledModels;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.model.ModelResolvers;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The former entry point for {@code --model}, kept so callers that have not moved yet compile and behave as every
 * other command: it parses with {@link ModelRef#parse(String)} and resolves with the built-in {@link ModelResolvers}.
 *
 * @deprecated use {@link ModelRef#parse(String)} (or {@link ModelRef#parse(String, Path)} for a config file),
 *             {@link ModelResolvers#defaults()} and {@link OnnxImageClassifier#load(ModelFiles, int)}
 */
@Deprecated
public final class ModelCatalog {
    public static final List<String> BUNDLED = BundledModels.NAMES;
    public static final String DEFAULT_MODEL = BundledModels.DEFAULT;

    private final ModelResolvers resolvers;

    public ModelCatalog(Path cacheDir) {
        this.resolvers = ModelResolvers.builtIn(Objects.requireNonNull(cacheDir, "cacheDir"));
    }

    /** The catalog caching under {@code $INKWELL_HOME/cache/models} ({@code ./inkwell-data} when unset). */
    public static ModelCatalog defaultCatalog() {
        return new ModelCatalog(InkwellHome.path().resolve("cache").resolve("models"));
    }

    /** Where a model lives on disk and which card goes with it (null: found beside it or defaulted at load). */
    public record ModelLocation(String name, Path onnx, Path card, boolean bundled) {
    }

    /** {@code model} parsed as a {@link ModelRef} (blank: the default model) and resolved. */
    public ModelLocation resolve(String model) {
        ModelRef ref = model == null || model.isBlank() ? ModelRef.DEFAULT : ModelRef.parse(model);
        ModelFiles files = resolvers.resolve(ref);
        String name = ref instanceof ModelRef.Bundled b ? b.name() : ModelFiles.stem(files.onnx());
        return new ModelLocation(name, files.onnx(), files.hasCard() ? files.card() : null, ref instanceof ModelRef.Bundled);
    }

    /** Resolves and loads {@code model}. */
    public OnnxImageClassifier open(String model, int intraOpThreads) {
        return open(resolve(model), intraOpThreads);
    }

    /** Loads a resolved model with its card (when one was found). */
    public OnnxImageClassifier open(ModelLocation location, int intraOpThreads) {
        ModelCard card = location.card() == null ? null : ModelCards.read(location.card());
        return OnnxImageClassifier.load(location.onnx(), card, intraOpThreads);
    }

    /** A file of a bundled model ({@code model.onnx}, {@code model.card.json}, {@code model.params}), or null. */
    public static byte[] bundledFile(String model, String file) {
        return BundledModels.file(model, file);
    }
}
