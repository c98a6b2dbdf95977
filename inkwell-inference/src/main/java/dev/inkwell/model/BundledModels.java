package dev.inkwell.model;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

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
        return read(BundledModels.class.getClassLoader(), folder(name) + file);
    }

    /** The class-path folder of bundled model {@code name}. */
    private static String folder(String name) {
        return "models/" + name.toLowerCase(Locale.ROOT) + "/";
    }

    /**
     * Extracts bundled model {@code name} into {@code cacheDir} (ONNX Runtime loads from files) and returns its files.
     * The folder is named by the content, so a new build's model never meets an old one's files; every write is atomic.
     * From a jar (as the program runs) the content is named by the entries' CRC-32s and sizes, which the jar's
     * directory holds, and files already extracted with those sizes are not read again: a start neither inflates nor
     * hashes the ~1.8 MB of a model (interpreted SHA-256 alone took ~45 ms of every cold start).
     */
    static ModelFiles extract(String name, Path cacheDir) {
        return extract(BundledModels.class.getClassLoader(), name, cacheDir);
    }

    /** {@link #extract(String, Path)} with the resources of {@code loader}. */
    static ModelFiles extract(ClassLoader loader, String name, Path cacheDir) {
        String folder = folder(name);
        JarContent jar = JarContent.of(loader, folder);
        if (jar != null) {
            ModelFiles files = ModelFiles.in(cacheDir.resolve(name + "-" + jar.stamp()));
            if (extracted(files, jar.sizes())) return files;
        }
        byte[] onnx = read(loader, folder + ModelFiles.ONNX);
        if (onnx == null) {
            throw new NotFoundException("the bundled model '" + name + "' is not in this build of Inkwell (bundled models "
                    + "are trained and packaged separately); use --model PATH with an .onnx file, e.g. --model ../shared/models/mnist-8.onnx");
        }
        byte[] card = read(loader, folder + ModelFiles.CARD);
        byte[] params = read(loader, folder + ModelFiles.PARAMS);
        ModelFiles files = ModelFiles.in(cacheDir.resolve(name + "-" + (jar != null ? jar.stamp() : digest(onnx, card, params))));
        write(files.onnx(), onnx);
        if (card != null) write(files.card(), card);
        if (params != null) write(files.params(), params);
        return files;
    }

    /**
     * A bundled model's files as entries of the jar it is read from: file name → size, and a name for the content (a
     * digest of each file's name, size and CRC-32, all from the jar's directory).
     */
    private record JarContent(Map<String, Long> sizes, String stamp) {
        private static final List<String> FILES = List.of(ModelFiles.ONNX, ModelFiles.CARD, ModelFiles.PARAMS);

            /** Null when the model is not read from a jar (a class folder in tests) or not there. */
        static JarContent of(ClassLoader loader, String folder) {
            URL onnx = loader.getResource(folder + ModelFiles.ONNX);
            if (onnx == null || !"jar".equals(onnx.getProtocol())) return null;
            try {
                JarFile jar = ((JarURLConnection) onnx.openConnection()).getJarFile(); // cached by the URL handler: not closed here
                Map<String, Long> sizes = new TreeMap<>();
                StringBuilder id = new StringBuilder();
                for (String file : FILES) {
                    JarEntry e = jar.getJarEntry(folder + file);
                    if (e == null) continue;
                    if (e.getSize() < 0 || e.getCrc() < 0) return null;
                    sizes.put(file, e.getSize());
                    id.append(file).append(':').append(e.getSize()).append(':').append(Long.toHexString(e.getCrc())).append(';');
                }
                return new JarContent(sizes, "j" + digest(id.toString().getBytes(StandardCharsets.UTF_8)).substring(1));
            } catch (IOException | ClassCastException e) {
                return null;
            }
        }
    }

    /** Whether each file is in {@code files}' folder with its jar entry's size. */
    private static boolean extracted(ModelFiles files, Map<String, Long> sizes) {
        for (var e : sizes.entrySet()) {
            Path file = files.folder().resolve(e.getKey());
            try {
                if (!Files.isRegularFile(file) || Files.size(file) != e.getValue()) return false;
            } catch (IOException ex) {
                return false;
            }
        }
        return true;
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled resource " + resource, e);
        }
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
