package dev.inkwell.inference;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Resolves what a user passes as {@code --model}: a path to an {@code .onnx} file (its card beside it), or the
 * name of a model bundled in the program ({@code mnist}, {@code mnist-compact}, {@code fashion-mnist}), stored as
 * classpath resources {@code /models/<name>/model.onnx} and {@code /models/<name>/model.card.json} and extracted
 * once into a cache folder (ONNX Runtime loads from files).
 */
public final class ModelCatalog {
    public static final List<String> BUNDLED = List.of("mnist", "mnist-compact", "fashion-mnist");
    public static final String DEFAULT_MODEL = "mnist";

    private final Path cacheDir;

    public ModelCatalog(Path cacheDir) {
        this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    }

    /** The catalog caching under {@code $INKWELL_HOME/cache/models} ({@code ./inkwell-data} when unset). */
    public static ModelCatalog defaultCatalog() {
        return new ModelCatalog(dev.inkwell.core.InkwellHome.path().resolve("cache").resolve("models"));
    }

    /** Where a model lives on disk and which card goes with it (null: found beside it or defaulted at load). */
    public record ModelLocation(String name, Path onnx, Path card, boolean bundled) {
    }

    public ModelLocation resolve(String model) {
        if (model == null || model.isBlank()) model = DEFAULT_MODEL;
        String lower = model.toLowerCase(Locale.ROOT);
        if (BUNDLED.contains(lower) && !Files.exists(Path.of(model))) {
            return extractBundled(lower);
        }
        Path path = Path.of(model);
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("model.onnx"))) {
            path = path.resolve("model.onnx");
        }
        if (!Files.isRegularFile(path)) {
            throw new InkwellException("model '" + model + "' not found: give a path to an .onnx file or one of the bundled "
                    + "models " + String.join(", ", BUNDLED));
        }
        return new ModelLocation(ModelCards.stem(path), path, ModelCards.besideModel(path), false);
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
        return resource("/models/" + model.toLowerCase(Locale.ROOT) + "/" + file);
    }

    private ModelLocation extractBundled(String name) {
        byte[] onnx = bundledFile(name, "model.onnx");
        if (onnx == null) {
            throw new InkwellException("the bundled model '" + name + "' is not in this build of Inkwell (bundled models "
                    + "are trained and packaged separately); use --model PATH with an .onnx file, e.g. --model ../shared/models/mnist-8.onnx");
        }
        byte[] card = bundledFile(name, "model.card.json");
        String hash = KnownModels.sha256(onnx).substring(0, 16);
        Path dir = cacheDir.resolve(name + "-" + hash);
        Path onnxPath = dir.resolve("model.onnx");
        Path cardPath = card == null ? null : dir.resolve("model.card.json");
        // content-addressed folder: an existing file of the right size is the same model; writes are atomic
        if (!sameSize(onnxPath, onnx.length)) AtomicFiles.write(onnxPath, out -> out.write(onnx));
        if (card != null && !sameSize(cardPath, card.length)) AtomicFiles.write(cardPath, out -> out.write(card));
        return new ModelLocation(name, onnxPath, cardPath, true);
    }

    private static boolean sameSize(Path file, long size) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = ModelCatalog.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + name, e);
        }
    }

}
