package dev.inkwell.image;

import dev.inkwell.core.IdlePool;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-buffer raw DEFLATE decoding with libdeflate (through aircompressor, which calls it with the JDK's foreign
 * function API). A drawing's PNG is mostly long runs, which zlib copies a byte at a time: a 600×600 canvas's 1.4 MB
 * of rows took 2.5 ms to inflate, libdeflate needs 0.11 ms. aircompressor's class files are for JDK 25, so its
 * classes are never named in source and are looked up at run time; on an older JDK, an unsupported platform, or where
 * the library cannot be loaded, {@link #available()} is false and callers inflate with {@link java.util.zip.Inflater}.
 */
final class WholeInflate {
    private static final Logger LOG = LoggerFactory.getLogger(WholeInflate.class);
    private static final String DECOMPRESSOR = "io.airlift.compress.v3.deflate.DeflateNativeDecompressor";
    /** A libdeflate decompressor serves one thread at a time: idle ones wait here (at most a few per core). */
    private static final IdlePool<Object> IDLE = new IdlePool<>(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
    private static final MethodHandle CREATE;
    private static final MethodHandle DECOMPRESS;

    static {
        MethodHandle create = null;
        MethodHandle decompress = null;
        if (Runtime.version().feature() >= 25) {
            try {
                Class<?> type = Class.forName(DECOMPRESSOR, true, WholeInflate.class.getClassLoader());
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                boolean enabled = (boolean) lookup.findStatic(type, "isEnabled", MethodType.methodType(boolean.class)).invoke();
                if (enabled) {
                    create = lookup.findConstructor(type, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
                    decompress = lookup.findVirtual(type, "decompress", MethodType.methodType(int.class,
                                    byte[].class, int.class, int.class, byte[].class, int.class, int.class))
                            .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class,
                                    byte[].class, int.class, int.class));
                } else {
                    LOG.debug("libdeflate cannot be loaded here: big PNGs are inflated with zlib");
                }
            } catch (Throwable e) { // any linkage problem only means the slower path
                LOG.debug("libdeflate unavailable ({}): big PNGs are inflated with zlib", e.toString());
                create = null;
                decompress = null;
            }
        }
        CREATE = create;
        DECOMPRESS = decompress;
    }

    private WholeInflate() {
    }

    /** Whether libdeflate can be used in this JVM. */
    static boolean available() {
        return DECOMPRESS != null;
    }

    /**
     * Inflates the raw DEFLATE stream at {@code in[offset, offset + length)} (bytes after its final block are
     * ignored) into {@code out[0, max)}: the number of bytes written, or -1 when the data is damaged, truncated or
     * inflates to more than {@code max} bytes, or when libdeflate is not {@link #available()}. Never throws.
     */
    static int inflate(byte[] in, int offset, int length, byte[] out, int max) {
        if (DECOMPRESS == null) return -1;
        Object decompressor = IDLE.poll();
        try {
            if (decompressor == null) decompressor = CREATE.invokeExact();
            return (int) DECOMPRESS.invokeExact(decompressor, in, offset, length, out, 0, max);
        } catch (RuntimeException e) { // aircompressor's MalformedInputException: damaged, truncated or too long
            return -1;
        } catch (Error e) {
            throw e;
        } catch (Throwable e) { // nothing else is declared
            return -1;
        } finally {
            if (decompressor != null) IDLE.offer(decompressor); // one let go: its Cleaner frees the native half
        }
    }
}
