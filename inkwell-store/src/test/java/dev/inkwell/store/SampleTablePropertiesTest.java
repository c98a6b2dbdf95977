package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class SampleTablePropertiesTest {
    private static Path dir;
    private static Store store;

    @BeforeContainer
    static void open() throws Exception {
        dir = Files.createTempDirectory("inkwell-store-props");
        store = Store.open(dir.resolve("inkwell.db").toString());
    }

    @AfterContainer
    static void delete() throws Exception {
        store.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<Sample> samples() {
        Arbitrary<int[]> shape = Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 40),
                Arbitraries.of(1, 3)).as((w, h, c) -> new int[] {w, h, c});
        return shape.flatMap(s -> Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(s[0] * s[1] * s[2]),
                Arbitraries.integers().between(0, 99).injectNull(0.2),
                Arbitraries.strings().ofMaxLength(30).excludeChars('\u0000').injectNull(0.1), // NUL: refused (PostgreSQL text cannot hold it)
                Arbitraries.of("train", "test", "holdout")).as((px, label, source, split) ->
                new Sample(null, label, px, s[0], s[1], s[2], source, split)));
    }

    @Property(tries = 60)
    void anySampleComesBackFromItsTableUnchanged(@ForAll("samples") Sample s) {
        String table = "t" + Integer.toHexString(s.hashCode() & 0x7fffffff);
        store.table(table).drop();
        store.table(table).ingest(SampleReader.of(List.of(s)), Progress.NONE);
        List<Sample> back;
        try (SampleReader r = store.table(table).dataset().open()) {
            back = r.stream().toList();
        }
        assertThat(back).containsExactly(s.withUuid(SampleIds.idOf(s)));
    }

    @Property
    void keysAreStableAndFollowTheContent(@ForAll("samples") Sample s) {
        assertThat(SampleIds.idOf(s)).isEqualTo(SampleIds.idOf(s.withSplit("other")));
        byte[] changed = s.pixels().clone();
        changed[0]++;
        Sample other = new Sample(null, s.label(), changed, s.width(), s.height(), s.channels(), s.source(), s.split());
        assertThat(SampleIds.idOf(other)).isNotEqualTo(SampleIds.idOf(s));
        assertThat(SampleIds.idOf(s.withUuid("given"))).isEqualTo("given");
        assertThat(UUID.fromString(SampleIds.idOf(s)).version()).isEqualTo(8);
    }

    @Property
    void aTableNameIsEitherSafeOrRefused(@ForAll String name) {
        if (name.matches("[a-z][a-z0-9_-]{0,62}")) {
            assertThat(store.table(name).name()).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> store.table(name)).isInstanceOf(InvalidInputException.class);
        }
    }
}
