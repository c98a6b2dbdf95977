package dev.inkwell.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRefTest {
    @TempDir
    Path dir;

    private ModelRef parse(String text) {
        return ModelRef.parse(text, dir);
    }

    @Test
    void bareBundledNamesAndTheBundledSchemeNameBundledModels() {
        assertThat(parse("mnist")).isEqualTo(new ModelRef.Bundled("mnist"));
        assertThat(parse("MNIST-Compact")).isEqualTo(new ModelRef.Bundled("mnist-compact"));
        assertThat(parse("bundled:fashion-mnist")).isEqualTo(new ModelRef.Bundled("fashion-mnist"));
        assertThat(ModelRef.DEFAULT).isEqualTo(new ModelRef.Bundled("mnist"));
        assertThat(parse("mnist").scheme()).isEqualTo("bundled");
    }

    @Test
    void pathsAreFilesAndFoldersResolvedAgainstTheBaseFolder() {
        assertThat(parse("models/mine")).isEqualTo(new ModelRef.LocalPath(dir.resolve("models/mine")));
        assertThat(parse("./mnist")).isEqualTo(new ModelRef.LocalPath(dir.resolve("mnist")));
        assertThat(parse("digits.onnx")).isEqualTo(new ModelRef.LocalPath(dir.resolve("digits.onnx")));
        assertThat(parse("file:mnist")).isEqualTo(new ModelRef.LocalPath(dir.resolve("mnist")));
        assertThat(parse("/abs/model.onnx")).isEqualTo(new ModelRef.LocalPath(Path.of("/abs/model.onnx")));
        assertThat(parse("file:///abs/m")).isEqualTo(new ModelRef.LocalPath(Path.of("/abs/m")));
        assertThat(parse("my-model")).as("a bare word that is not bundled").isEqualTo(new ModelRef.LocalPath(dir.resolve("my-model")));
        // against the working directory, a relative path stays as written
        assertThat(ModelRef.parse("models/mine")).isEqualTo(new ModelRef.LocalPath(Path.of("models/mine")));
        assertThat(parse("models/mine").scheme()).isEqualTo("file");
    }

    @Test
    void registryReferencesByAliasOrVersion() {
        assertThat(parse("digits@prod")).isEqualTo(new ModelRef.RegistryAlias("digits", "prod"));
        assertThat(parse("registry:digits@prod")).isEqualTo(new ModelRef.RegistryAlias("digits", "prod"));
        assertThat(parse("digits:3")).isEqualTo(new ModelRef.RegistryVersion("digits", "3"));
        assertThat(parse("registry:mnist:2026-11-23T02:00:42Z")).isEqualTo(new ModelRef.RegistryVersion("mnist", "2026-11-23T02:00:42Z"));
        assertThat(parse("mnist@staging")).as("a bundled name with an alias is a registry name").isEqualTo(new ModelRef.RegistryAlias("mnist", "staging"));
        assertThat(parse("digits@prod").scheme()).isEqualTo("registry");
    }

    @Test
    void objectStorageKeys() {
        assertThat(parse("s3://models/digits/v3")).isEqualTo(new ModelRef.S3Object("models", "digits/v3"));
        assertThat(parse("S3://my.bucket/model.onnx")).isEqualTo(new ModelRef.S3Object("my.bucket", "model.onnx"));
        assertThat(parse("s3://b12/k").scheme()).isEqualTo("s3");
    }

    @Test
    void aBareWordThatIsBothABundledNameAndAFolderIsAmbiguous() throws Exception {
        Files.createDirectories(dir.resolve("mnist"));
        assertThatThrownBy(() -> parse("mnist")).isInstanceOf(InvalidModelRefException.class)
                .hasMessage("'mnist' is both a bundled model and the folder " + dir.resolve("mnist") + ": write bundled:mnist or ./mnist");
        assertThat(parse("bundled:mnist")).isEqualTo(new ModelRef.Bundled("mnist"));
        assertThat(parse("./mnist")).isEqualTo(new ModelRef.LocalPath(dir.resolve("mnist")));
        Files.writeString(dir.resolve("fashion-mnist"), "x");
        assertThatThrownBy(() -> parse("fashion-mnist")).hasMessageContaining("and the file ")
                .hasMessageEndingWith("write bundled:fashion-mnist or ./fashion-mnist");
        Files.writeString(dir.resolve("digits@prod"), "x");
        assertThatThrownBy(() -> parse("digits@prod")).hasMessageContaining("is both a registry reference")
                .hasMessageEndingWith("write registry:digits@prod or ./digits@prod");
    }

    @Test
    void theWorkingDirectoryIsNamedAsTheUserWouldWriteIt() {
        // no folder named mnist here (the module folder): a bare name is the bundled model
        assertThat(Files.exists(Path.of("mnist"))).isFalse();
        assertThat(ModelRef.parse("mnist")).isEqualTo(new ModelRef.Bundled("mnist"));
        assertThat(Files.isDirectory(Path.of("src"))).isTrue();
        assertThat(ModelRef.parse("src")).isEqualTo(new ModelRef.LocalPath(Path.of("src")));
    }

    @Test
    void malformedReferencesSayWhatWasExpected() {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("   ")).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("bundled:mnist-9")).hasMessage(
                "there is no bundled model 'mnist-9': the bundled models are mnist, mnist-compact, fashion-mnist");
        assertThatThrownBy(() -> parse("registry:digits")).hasMessageContaining("registry:NAME@ALIAS or registry:NAME:VERSION");
        assertThatThrownBy(() -> parse("registry:@prod")).hasMessageContaining("registry:NAME@ALIAS");
        assertThatThrownBy(() -> parse("s3://bucket")).hasMessageContaining("expected s3://BUCKET/KEY");
        assertThatThrownBy(() -> parse("s3://Bad_Bucket/key")).hasMessageContaining("expected s3://BUCKET/KEY");
        assertThatThrownBy(() -> parse("https://example.com/m.onnx")).hasMessageContaining("unsupported scheme https://");
        assertThatThrownBy(() -> parse("file://host/m.onnx")).hasMessageContaining("names a host");
        assertThatThrownBy(() -> parse("file:")).hasMessageContaining("names no path");
        assertThatThrownBy(() -> parse("a b@c")).hasMessageContaining("is not a model reference").hasMessageContaining("./a b@c");
        assertThatThrownBy(() -> parse("mnist\n")).hasMessageContaining("control character");
        assertThatThrownBy(() -> ModelRef.parse(null)).isInstanceOf(InvalidModelRefException.class);
    }

    @Test
    void aBareWordThatFitsNoGrammarButExistsIsThatFile() throws Exception {
        Files.writeString(dir.resolve("a b@c"), "x");
        assertThat(parse("a b@c")).isEqualTo(new ModelRef.LocalPath(dir.resolve("a b@c")));
    }

    @Test
    void theCanonicalSpellingParsesBack() {
        for (String text : new String[] {"mnist", "models/x", "digits@prod", "digits:7", "s3://b12/k/model.onnx", "file:weird:name"}) {
            ModelRef ref = parse(text);
            assertThat(parse(ref.toString())).as(text).isEqualTo(ref);
        }
        assertThat(parse("digits@prod")).hasToString("registry:digits@prod");
        assertThat(parse("mnist")).hasToString("bundled:mnist");
    }
}
