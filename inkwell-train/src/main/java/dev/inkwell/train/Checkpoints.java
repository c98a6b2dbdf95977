package dev.inkwell.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A run's checkpoints in one folder. Each epoch writes {@code epoch-NNNN.params} (network),
 * {@code epoch-NNNN.optimizer} (AdamW moments) and, when validation improved, {@code best-NNNN.params}; then
 * {@code checkpoint.json} is replaced atomically to point at them, and older files are removed. A crash at any
 * moment therefore leaves the previous complete checkpoint usable.
 */
final class Checkpoints {
    static final String STATE = "checkpoint.json";

    private final Path dir;

    Checkpoints(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    boolean exists() {
        return Files.isRegularFile(dir.resolve(STATE));
    }

    CheckpointState load() {
        Path file = dir.resolve(STATE);
        if (!Files.isRegularFile(file)) throw new InkwellException("nothing to resume: no " + STATE + " in " + dir);
        try {
            CheckpointState s = Json.mapper().readValue(file.toFile(), CheckpointState.class);
            if (s.format() != CheckpointState.FORMAT) throw new InkwellException(file + ": checkpoint format " + s.format() + " is not supported");
            return s;
        } catch (IOException e) {
            throw new InkwellException(file + ": unreadable checkpoint: " + e.getMessage(), e);
        }
    }

    void save(CheckpointState state, Block block, ResumableAdamW optimizer, byte[] bestParameters) {
        AtomicFiles.write(dir.resolve(state.parametersFile()), out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
            block.saveParameters(data);
            data.flush();
        });
        AtomicFiles.write(dir.resolve(state.optimizerFile()), out -> {
            DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out));
            optimizer.save(data);
            data.flush();
        });
        if (bestParameters != null && state.bestParametersFile() != null && !Files.exists(dir.resolve(state.bestParametersFile()))) {
            AtomicFiles.write(dir.resolve(state.bestParametersFile()), out -> out.write(bestParameters));
        }
        AtomicFiles.write(dir.resolve(STATE), out -> Json.pretty().writeValue(out, state));
        Set<String> keep = new HashSet<>(List.of(STATE, state.parametersFile(), state.optimizerFile()));
        if (state.bestParametersFile() != null) keep.add(state.bestParametersFile());
        removeAllBut(keep);
    }

    void restoreParameters(String file, Block block, NDManager manager) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(file)))) {
            block.loadParameters(manager, new DataInputStream(in));
        } catch (IOException | MalformedModelException e) {
            throw new InkwellException(dir.resolve(file) + ": unreadable checkpoint parameters: " + e.getMessage(), e);
        }
    }

    void restoreOptimizer(String file, ResumableAdamW optimizer, NDManager manager) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(dir.resolve(file)))) {
            optimizer.load(new DataInputStream(in), manager);
        } catch (IOException e) {
            throw new InkwellException(dir.resolve(file) + ": unreadable optimizer state: " + e.getMessage(), e);
        }
    }

    byte[] readBytes(String file) {
        try {
            return Files.readAllBytes(dir.resolve(file));
        } catch (IOException e) {
            throw new InkwellException(dir.resolve(file) + ": unreadable: " + e.getMessage(), e);
        }
    }

    static void loadParameters(byte[] parameters, Block block, NDManager manager) {
        try {
            block.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(parameters)));
        } catch (IOException | MalformedModelException e) {
            throw new IllegalStateException("cannot reload parameters just saved: " + e.getMessage(), e);
        }
    }

    private void removeAllBut(Set<String> keep) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "{epoch,best}-*.{params,optimizer}")) {
            for (Path f : files) {
                if (!keep.contains(f.getFileName().toString())) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }
}
