package dev.inkwell.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Any text parses or fails with a one-line {@link InvalidModelRefException}; what parses prints back to itself. */
class ModelRefPropertiesTest {
    private static Path base;

    @BeforeContainer
    static void createBase() throws IOException {
        base = Files.createTempDirectory("model-ref");
    }

    @AfterContainer
    static void deleteBase() throws IOException {
        Files.deleteIfExists(base);
    }

    @Property(tries = 3000)
    void anyTextParsesOrFailsWithAClearMessage(@ForAll("texts") String text) {
        ModelRef ref;
        try {
            ref = ModelRef.parse(text, base);
        } catch (InvalidModelRefException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("\n", "\r", "\u2028");
            return;
        }
        assertThat(ref.scheme()).isIn("bundled", "file", "registry", "s3");
        assertThat(ModelRef.parse(ref.toString(), base)).isEqualTo(ref);
    }

    @Property(tries = 500)
    void registryReferencesRoundTrip(@ForAll("names") String name, @ForAll("names") String alias, @ForAll("names") String version) {
        assertThat(ModelRef.parse(name + "@" + alias, base)).isEqualTo(new ModelRef.RegistryAlias(name, alias));
        assertThat(ModelRef.parse("registry:" + name + ":" + version, base)).isEqualTo(new ModelRef.RegistryVersion(name, version));
    }

    @Property(tries = 300)
    void pathsWithASlashAreAlwaysPaths(@ForAll("names") String folder, @ForAll("names") String file) {
        assertThat(ModelRef.parse(folder + "/" + file, base)).isEqualTo(new ModelRef.LocalPath(base.resolve(folder).resolve(file).normalize()));
    }

    @Provide
    Arbitrary<String> names() {
        return Combinators.combine(Arbitraries.strings().withChars("abcXYZ019").ofMinLength(1).ofMaxLength(1),
                Arbitraries.strings().withChars("abcxyz019._-").ofMaxLength(12)).as((a, b) -> a + b);
    }

    /** Strings made of the grammar's own pieces, and random ones. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.of("mnist", "bundled:", "file:", "registry:", "s3://", "@", ":", "/", ".", "..",
                "~", ".onnx", "x", "MNIST", "fashion-mnist", "\\", " ", "é", "\u0000", "\n", "https://", "a-b_c", "0");
        Arbitrary<String> composed = pieces.list().ofMaxSize(6).map(l -> String.join("", l));
        return Arbitraries.oneOf(composed, Arbitraries.strings().ofMaxLength(40), Arbitraries.strings().all().ofMaxLength(8));
    }
}
