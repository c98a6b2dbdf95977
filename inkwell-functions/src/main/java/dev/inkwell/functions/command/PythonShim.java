package dev.inkwell.functions.command;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellHome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Python shim that runs a Lambda handler ({@code module.function}) as a {@link CommandFunction}: shipped inside the
 * jar, written once under {@code $INKWELL_HOME/cache/shim/} with its content hash in the name (so two versions never
 * share a file, and a half-written one is never run).
 */
public final class PythonShim {
    private static final String RESOURCE = "inkwell_lambda.py";
    private static volatile Path installed;

    private PythonShim() {
    }

    /** The shim's path, written on first use. */
    public static Path path() {
        Path p = installed;
        if (p != null) return p;
        synchronized (PythonShim.class) {
            if (installed != null) return installed;
            byte[] bytes;
            try (InputStream in = PythonShim.class.getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the jar");
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Python shim", e);
            }
            String hash = HexFormat.of().formatHex(sha256(bytes)).substring(0, 16);
            Path target = InkwellHome.cache().resolve("shim").resolve("inkwell_lambda-" + hash + ".py");
            if (!Files.isRegularFile(target)) AtomicFiles.write(target, out -> out.write(bytes));
            installed = target;
            return target;
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
