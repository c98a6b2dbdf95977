package dev.inkwell.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InkwellException;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
    @TempDir
    Path cache;

    @Test
    void aPathResolvesToThatFile() {
        ModelCatalog.ModelLocation loc = new ModelCatalog(cache).resolve(SharedData.mnist8Onnx().toString());
        assertThat(loc.name()).isEqualTo("mnist-8");
        assertThat(loc.bundled()).isFalse();
        assertThat(loc.card()).isNull();
        try (OnnxImageClassifier c = new ModelCatalog(cache).open(SharedData.mnist8Onnx().toString(), 1)) {
            assertThat(c.card().name()).isEqualTo("mnist-8");
        }
    }

    @Test
    void aFolderWithModelOnnxResolvesWithItsCard(@TempDir Path dir) throws Exception {
        Files.copy(SharedData.mnist8Onnx(), dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("model.card.json"), "{\"name\":\"mine\",\"inputScaling\":\"0-255\"}");
        ModelCatalog.ModelLocation loc = new ModelCatalog(cache).resolve(dir.toString());
        assertThat(loc.onnx()).isEqualTo(dir.resolve("model.onnx"));
        assertThat(loc.card()).isEqualTo(dir.resolve("model.card.json").toAbsolutePath());
        try (OnnxImageClassifier c = new ModelCatalog(cache).open(dir.toString(), 1)) {
            assertThat(c.card().name()).isEqualTo("mine");
            assertThat(c.card().classNames()).hasSize(10);
        }
    }

    @Test
    void bundledModelsResolveFromTheJarWithTheirCards() {
        for (String name : ModelCatalog.BUNDLED) {
            ModelCatalog.ModelLocation loc = new ModelCatalog(cache).resolve(name);
            assertThat(loc.bundled()).isTrue();
            assertThat(loc.onnx()).isRegularFile();
            assertThat(loc.card()).isRegularFile();
            try (OnnxImageClassifier c = new ModelCatalog(cache).open(name, 1)) {
                assertThat(c.card().name()).isEqualTo(name);
                assertThat(c.card().classNames()).hasSize(10);
            }
        }
    }

    @Test
    void anUnknownNameIsNotFound() {
        assertThatThrownBy(() -> new ModelCatalog(cache).resolve("no-such-model.onnx"))
                .isInstanceOf(InkwellException.class).hasMessageContaining("not found").hasMessageContaining("mnist");
    }

    @Test
    void aBrokenCardIsReportedWithItsFile(@TempDir Path dir) throws Exception {
        Files.copy(SharedData.mnist8Onnx(), dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("model.card.json"), "{\"name\": [1,2");
        assertThatThrownBy(() -> new ModelCatalog(cache).open(dir.toString(), 1))
                .isInstanceOf(InkwellException.class).hasMessageContaining("model.card.json").hasMessageContaining("not a valid model card");
    }
}
