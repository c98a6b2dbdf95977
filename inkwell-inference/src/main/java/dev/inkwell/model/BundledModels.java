package dev.inkwell.model;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The models bundled in the program. Each has one folder of class-path resources, {@code /models/NAME/}, holding
 * {@link ModelFiles#ONNX}, {@link ModelFiles#CARD}, {@link ModelFiles#PARAMS} and its {@code report/}.
 */
public final class BundledModels {
    public static final List<String> NAMES = List.of("mnist", "mnist-compact", "fashion-mnist");
    public static final String DEFAULT = "mnist";

    private BundledModels() {
    }

    /** A file of bundled model {@code name} (e.g. {@link ModelFiles#CARD}), or null when this build lacks it. */
    public static byte[] file(String name, String file) {
        String resource = "/models/" + name.toLowerCase(Locale.ROOT) + "/" + file;
        try (InputStream in = BundledModels.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + resource, e);
        }
    }

    /**
     * Extracts bundled model {@code name} into {@code cacheDir} (ONNX Runtime loads from files) and returns its files.
     * The folder is named by a digest of the content, so a new build's model never meets an old one's files; an
     * existing file of the right size is taken as extracted, and every write is atomic.
     */
    static ModelFiles extract(String name, Path cacheDir) {
        byte[] onnx = file(name, ModelFiles.ONNX);
        if (onnx == null) {
            throw new NotFoundException("the bundled model '" + name + "' is not in this build of Inkwell (bundled models "
                    + "are trained and packaged separately); use --model PATH with an .onnx file, e.g. --model ../shared/models/mnist-8.onnx");
        }
        byte[] card = file(name, ModelFiles.CARD);
        byte[] params = file(name, ModelFiles.PARAMS);
        ModelFiles files = ModelFiles.in(cacheDir.resolve(name + "-" + digest(onnx, card, params)));
        write(files.onnx(), onnx);
        if (card != null) write(files.card(), card);
        if (params != null) write(files.params(), params);
        return files;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length) return;
        } catch (IOException e) {
            // unreadable: write it again
        }
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static String digest(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                if (p != null) d.update(p);
            }
            return HexFormat.of().formatHex(d.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
