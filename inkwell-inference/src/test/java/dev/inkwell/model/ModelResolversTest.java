package dev.inkwell.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelResolversTest {
    @TempDir
    Path cache;

    @Test
    void bundledModelsAreExtractedWithTheirCardAndParameters() throws Exception {
        ModelResolvers resolvers = ModelResolvers.builtIn(cache);
        for (String name : BundledModels.NAMES) {
            ModelFiles files = resolvers.resolve(new ModelRef.Bundled(name));
            assertThat(files.onnx()).isRegularFile().startsWith(cache);
            assertThat(files.hasCard()).isTrue();
            assertThat(files.hasParams()).as("one folder holds all of a bundled model").isTrue();
            assertThat(Files.readAllBytes(files.card())).isEqualTo(BundledModels.file(name, ModelFiles.CARD));
            assertThat(Files.readAllBytes(files.params())).isEqualTo(BundledModels.file(name, ModelFiles.PARAMS));
            assertThat(files).isEqualTo(ModelFiles.in(files.folder()));
        }
        // the same content lands in the same folder: a second resolve writes nothing new
        ModelFiles again = resolvers.resolve(new ModelRef.Bundled("mnist"));
        assertThat(again).isEqualTo(resolvers.resolve(new ModelRef.Bundled("mnist")));
    }

    @Test
    void aFolderOrAnOnnxFileResolvesToItsFiles(@TempDir Path dir) throws Exception {
        ModelResolvers resolvers = ModelResolvers.builtIn(cache);
        Files.copy(SharedData.mnist8Onnx(), dir.resolve(ModelFiles.ONNX));
        Files.writeString(dir.resolve(ModelFiles.CARD), "{}");
        ModelFiles folder = resolvers.resolve(new ModelRef.LocalPath(dir));
        assertThat(folder).isEqualTo(ModelFiles.in(dir));
        assertThat(folder.hasCard()).isTrue();
        assertThat(folder.hasParams()).isFalse();

        ModelFiles external = resolvers.resolve(new ModelRef.LocalPath(SharedData.mnist8Onnx()));
        assertThat(external.onnx()).isEqualTo(SharedData.mnist8Onnx());
        assertThat(external.hasCard()).isFalse();

        Path own = Files.copy(SharedData.mnist8Onnx(), dir.resolve("digits.onnx"));
        Files.writeString(dir.resolve("digits.card.json"), "{}");
        assertThat(resolvers.resolve(new ModelRef.LocalPath(own)).card()).isEqualTo(dir.resolve("digits.card.json").toAbsolutePath());
    }

    @Test
    void whatIsNotThereIsNotFoundListingTheBundledModels(@TempDir Path dir) {
        ModelResolvers resolvers = ModelResolvers.builtIn(cache);
        assertThatThrownBy(() -> resolvers.resolve(ModelRef.parse("no-such-model", dir))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no-such-model").hasMessageContaining("not found")
                .hasMessageContaining("mnist, mnist-compact, fashion-mnist");
        assertThatThrownBy(() -> resolvers.resolve(new ModelRef.LocalPath(dir))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("holds no model.onnx");
    }

    @Test
    void schemesWithoutAResolverSaySoClearly() {
        ModelResolvers resolvers = ModelResolvers.builtIn(cache);
        assertThat(resolvers.schemes()).containsExactlyInAnyOrder("bundled", "file");
        assertThatThrownBy(() -> resolvers.resolve(ModelRef.parse("digits@prod"))).isInstanceOf(UnavailableException.class)
                .hasMessage("model 'registry:digits@prod': the model registry is not available here (no resolver for registry: references)");
        assertThatThrownBy(() -> resolvers.resolve(ModelRef.parse("s3://models/digits"))).isInstanceOf(UnavailableException.class)
                .hasMessageContaining("no resolver for s3://");
    }

    @Test
    void anotherModuleAddsItsResolverForAScheme(@TempDir Path dir) {
        ModelFiles registered = ModelFiles.in(dir.resolve("digits-3"));
        ModelResolver registry = new ModelResolver() {
            @Override
            public String scheme() {
                return "registry";
            }

            @Override
            public ModelFiles resolve(ModelRef ref) {
                assertThat(ref).isEqualTo(new ModelRef.RegistryAlias("digits", "prod"));
                return registered;
            }
        };
        ModelResolvers base = ModelResolvers.builtIn(cache);
        ModelResolvers withRegistry = base.with(registry);
        assertThat(withRegistry.resolve("digits@prod")).isEqualTo(registered);
        assertThat(base.schemes()).as("the original set is unchanged").doesNotContain("registry");
        assertThat(ModelResolvers.defaults().schemes()).contains("bundled", "file");
    }

    @Test
    void referencesInAConfigFileAreRelativeToItsFolder(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models/digits"));
        Files.copy(SharedData.mnist8Onnx(), models.resolve(ModelFiles.ONNX));
        assertThat(ModelResolvers.builtIn(cache).resolve("models/digits", dir)).isEqualTo(ModelFiles.in(models));
    }

    @Test
    void aBrokenCardIsReportedWithItsFile(@TempDir Path dir) throws Exception {
        Files.copy(SharedData.mnist8Onnx(), dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("model.card.json"), "{\"name\": [1,2");
        ModelFiles files = ModelResolvers.builtIn(cache).resolve(ModelRef.parse(dir.toString()));
        assertThatThrownBy(() -> OnnxImageClassifier.load(files, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("model.card.json").hasMessageContaining("not a valid model card");
    }
}
