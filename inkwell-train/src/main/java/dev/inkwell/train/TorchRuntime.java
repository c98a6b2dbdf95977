package dev.inkwell.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.inkwell.core.InkwellException;
import dev.inkwell.inference.TrainingEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads DJL's PyTorch engine from the natives on the class path ({@code pytorch-native-cpu} + {@code pytorch-jni}),
 * never from the network: DJL would otherwise try to download a libtorch it cannot find, which fails on an offline
 * machine with an obscure error. A CUDA libtorch is used when the user points DJL at one
 * ({@code PYTORCH_LIBRARY_PATH}, {@code PYTORCH_FLAVOR=cu128}) and a GPU is visible.
 */
public final class TorchRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    private static volatile Engine engine;
    private static volatile OneDnnIsa.Decision isa;

    private TorchRuntime() {
    }

    /** The PyTorch engine, loaded once; throws a one-line {@link InkwellException} when the natives are missing. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (TorchRuntime.class) {
            if (engine == null) engine = load();
            return engine;
        }
    }

    /**
     * The instruction-set cap oneDNN trains under ({@code AVX2}, ...), or {@code native} when oneDNN picks; recorded in
     * model cards because convolutions sum in a different order under each, so bit-exact reproduction needs the same one.
     */
    public static String oneDnnIsa() {
        engine();
        return isa.describe();
    }

    /** The engine that trains here, as a model card records it. */
    public static TrainingEngine describe() {
        Engine e = engine();
        return new TrainingEngine(e.getVersion(), Engine.getDjlVersion(), oneDnnIsa());
    }

    /** GPU 0 when the loaded libtorch sees one, else the CPU. */
    public static Device device() {
        return engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    private static Engine load() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.default_engine", "PyTorch");
        // DJL reads its native settings from system properties or the environment: keep the user's if given
        setIfAbsent("PYTORCH_VERSION", "2.7.1");
        String threads = System.getenv("INKWELL_TRAIN_THREADS");
        if (threads != null && !threads.isBlank()) setIfAbsent("ai.djl.pytorch.num_threads", threads.trim());
        NativeAllocator.tuneForTraining();
        isa = OneDnnIsa.apply();
        try {
            Engine e = Engine.getEngine("PyTorch");
            LOG.debug("PyTorch {} loaded through DJL {}, {} GPU(s)", e.getVersion(), Engine.getDjlVersion(), e.getGpuCount());
            return e;
        } catch (RuntimeException | UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError ex) {
            throw new InkwellException("cannot load the PyTorch engine (offline, natives from the class path): "
                    + rootMessage(ex) + ". Training needs ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64 and "
                    + "pytorch-jni:2.7.1-0.35.1 on the class path, or PYTORCH_LIBRARY_PATH pointing at a libtorch 2.7.1", ex);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        String line = m == null ? root.getClass().getSimpleName() : m.lines().findFirst().orElse(m).strip();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }
}
