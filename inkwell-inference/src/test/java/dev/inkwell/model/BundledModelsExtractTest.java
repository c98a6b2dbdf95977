package dev.inkwell.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.NotFoundException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Extracting a bundled model to the cache, from a jar (as the program runs: named by the jar's directory, files
 * already there not read again) and from a class folder (as in tests: named by a digest of the content).
 */
class BundledModelsExtractTest {
    @TempDir
    Path dir;

    @Test
    void fromAJarTheModelIsExtractedOnceAndFoundAgainWithoutRewriting() throws Exception {
        Path jar = jar("a.jar", Map.of("model.onnx", "onnx-bytes-1", "model.card.json", "{\"card\":1}"));
        Path cache = dir.resolve("cache");
        try (URLClassLoader loader = loader(jar)) {
            ModelFiles first = BundledModels.extract(loader, "toy", cache);
            assertThat(first.folder().getFileName().toString()).startsWith("toy-j");
            assertThat(Files.readString(first.onnx())).isEqualTo("onnx-bytes-1");
            assertThat(Files.readString(first.card())).isEqualTo("{\"card\":1}");
            assertThat(first.params()).doesNotExist();
            FileTime written = FileTime.fromMillis(1_000_000_000_000L);
            Files.setLastModifiedTime(first.onnx(), written);
            ModelFiles again = BundledModels.extract(loader, "toy", cache);
            assertThat(again).isEqualTo(first);
            assertThat(Files.getLastModifiedTime(again.onnx())).as("not written again").isEqualTo(written);
            Files.writeString(first.onnx(), "onnx-by"); // a half-written file from an old crash: written again
            assertThat(Files.readString(BundledModels.extract(loader, "toy", cache).onnx())).isEqualTo("onnx-bytes-1");
        }
    }

    @Test
    void anotherBuildsModelGoesToAnotherFolderEvenWithTheSameSizes() throws Exception {
        Path cache = dir.resolve("cache");
        ModelFiles one;
        ModelFiles two;
        try (URLClassLoader loader = loader(jar("one.jar", Map.of("model.onnx", "onnx-bytes-1")))) {
            one = BundledModels.extract(loader, "toy", cache);
        }
        try (URLClassLoader loader = loader(jar("two.jar", Map.of("model.onnx", "onnx-bytes-2")))) {
            two = BundledModels.extract(loader, "toy", cache);
        }
        assertThat(two.folder()).isNotEqualTo(one.folder());
        assertThat(Files.readString(one.onnx())).isEqualTo("onnx-bytes-1");
        assertThat(Files.readString(two.onnx())).isEqualTo("onnx-bytes-2");
    }

    @Test
    void fromAClassFolderTheFolderIsNamedByTheContent() throws Exception {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve("models/toy"));
        Files.writeString(classes.resolve("models/toy/model.onnx"), "onnx-bytes-1");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            ModelFiles files = BundledModels.extract(loader, "toy", dir.resolve("cache"));
            assertThat(files.folder().getFileName().toString()).matches("toy-[0-9a-f]{16}");
            assertThat(Files.readString(files.onnx())).isEqualTo("onnx-bytes-1");
        }
    }

    @Test
    void aModelThatIsNotBundledSaysSo() throws Exception {
        try (URLClassLoader loader = loader(jar("empty.jar", Map.of()))) {
            assertThatThrownBy(() -> BundledModels.extract(loader, "toy", dir.resolve("cache")))
                    .isInstanceOf(NotFoundException.class).hasMessageContaining("'toy' is not in this build");
        }
    }

    @Test
    void theProgramsOwnModelComesFromItsJarOrFolder() {
        ModelFiles files = BundledModels.extract(BundledModels.DEFAULT, dir.resolve("cache"));
        assertThat(files.onnx()).isRegularFile();
        assertThat(files.card()).isRegularFile();
    }

    private Path jar(String name, Map<String, String> files) throws Exception {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            for (var e : files.entrySet()) {
                j.putNextEntry(new JarEntry("models/toy/" + e.getKey()));
                j.write(e.getValue().getBytes());
                j.closeEntry();
            }
        }
        return jar;
    }

    private static URLClassLoader loader(Path jar) throws Exception {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    }
}
