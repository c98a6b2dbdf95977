package dev.inkwell.serving.endpoint;

import dev.inkwell.core.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ONNX Runtime's native libraries extracted in a cache folder and points ORT at them
 * ({@code onnxruntime.native.path}). By default ORT copies its 22 MB library to a temp folder on every start,
 * a few hundred milliseconds of a serving replica's cold start. Does nothing when the property is already set or
 * the libraries for this platform are not in the ORT jar.
 */
public final class OnnxNativeCache {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxNativeCache.class);
    private static final String PROPERTY = "onnxruntime.native.path";
    private static final List<String> LIBRARIES = List.of("libonnxruntime.so", "libonnxruntime4j_jni.so");

    private OnnxNativeCache() {
    }

    /** Call before ONNX Runtime is first used; {@code cacheRoot} is e.g. {@code $INKWELL_HOME/cache}. */
    public static void install(Path cacheRoot) {
        if (System.getProperty(PROPERTY) != null) return;
        String platform = platform();
        if (platform == null) return;
        try {
            Path jar = Path.of(ai.onnxruntime.OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String jarName = jar.getFileName().toString();
            if (!jarName.endsWith(".jar")) return;
            Path dir = cacheRoot.resolve("native").resolve(jarName.substring(0, jarName.length() - 4) + "-" + platform);
            for (String lib : LIBRARIES) {
                String resource = "/ai/onnxruntime/native/" + platform + "/" + lib;
                try (InputStream in = ai.onnxruntime.OrtEnvironment.class.getResourceAsStream(resource)) {
                    if (in == null) return;
                    Path target = dir.resolve(lib);
                    if (!Files.isRegularFile(target)) AtomicFiles.write(target, out -> in.transferTo(out));
                }
            }
            System.setProperty(PROPERTY, dir.toAbsolutePath().toString());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            LOG.debug("ONNX Runtime native cache not used: {}", e.toString());
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) return null; // other platforms' library names differ; ORT's own loader handles them
        if (arch.equals("amd64") || arch.equals("x86_64")) return "linux-x64";
        if (arch.equals("aarch64") || arch.equals("arm64")) return "linux-aarch64";
        return null;
    }
}
