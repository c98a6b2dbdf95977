package dev.inkwell.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.DatasetFingerprint;
import dev.inkwell.dataset.DatasetFormat;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every store must do with samples tables; run against SQLite and a real PostgreSQL server. */
abstract class SampleTableContract {
    /** Where a test-only migration of version 999 is: a later Inkwell's schema, as far as this build can tell. */
    static final MigrationFolders WITH_LATER_MIGRATION = MigrationFolders.INKWELL.plus("db/test-migration/later");
    /** The newest schema version this build's own migrations reach. */
    static final int KNOWN = MigrationFiles.versions(SampleTableContract.class.getClassLoader(),
            MigrationFolders.INKWELL.folders(Dialect.SQLITE)).orElseThrow().last();

    @TempDir
    Path tmp;
    private final List<Store> opened = new ArrayList<>();

    /** The JDBC URL of a new, empty database that no other test uses. */
    abstract String newLocation() throws Exception;

    /** A store no other test has written to, closed after the test. */
    Store newStore() throws Exception {
        return closedAfterTest(Store.open(newLocation()));
    }

    Store closedAfterTest(Store store) {
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    static List<Sample> samples(int n, String split, long seed) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] px = new byte[28 * 28];
            r.nextBytes(px);
            out.add(new Sample(null, r.nextInt(10), px, 28, 28, 1, "gen-" + seed + ":" + i, split));
        }
        return out;
    }

    static List<Sample> readAll(Dataset d) {
        try (SampleReader r = d.open()) {
            return r.stream().toList();
        }
    }

    @Test
    void samplesComeBackAsIngestedInOrderWithKeysAndSplits() throws Exception {
        Store store = newStore();
        List<Sample> in = new ArrayList<>(samples(1_200, "train", 1));
        in.add(new Sample(null, null, new byte[] {1, 2, 3, 4, 5, 6}, 2, 1, 3, "rgb.png", "test")); // unlabelled RGB
        in.addAll(samples(300, "test", 2));
        IngestResult result = store.table("digits").ingest(SampleReader.of(in), Progress.NONE);
        assertThat(result.read()).isEqualTo(1_501);
        assertThat(result.added()).isEqualTo(1_501);
        assertThat(result.existing()).isZero();
        assertThat(result.bySplit()).isEqualTo(Map.of("train", 1_200L, "test", 301L));

        Dataset d = store.table("digits").dataset();
        assertThat(d.format()).isEqualTo(DatasetFormat.TABLE);
        assertThat(d.parts()).extracting(p -> p.split()).containsExactly("train", "test");
        assertThat(d.expectedCount()).isEqualTo(1_501);
        List<Sample> out = readAll(d);
        assertThat(out).hasSize(in.size());
        for (int i = 0; i < in.size(); i++) {
            Sample expected = in.get(i).withUuid(SampleIds.idOf(in.get(i)));
            assertThat(out.get(i)).as("row %d", i).isEqualTo(expected);
        }
        assertThat(readAll(d.split("test")).get(0).label()).isNull();
        assertThat(store.tables()).containsOnlyKeys("digits");
    }

    @Test
    void runningAnIngestAgainAddsNothing() throws Exception {
        Store store = newStore();
        List<Sample> in = samples(800, "train", 3);
        store.table("samples").ingest(SampleReader.of(in), Progress.NONE);
        IngestResult again = store.table("samples").ingest(SampleReader.of(in), Progress.NONE);
        assertThat(again.added()).isZero();
        assertThat(again.existing()).isEqualTo(800);
        assertThat(store.table("samples").counts()).isEqualTo(Map.of("train", 800L));
        // a larger file whose first part was ingested before: only the new samples are added, after the old ones
        List<Sample> more = new ArrayList<>(in);
        more.addAll(samples(100, "train", 4));
        IngestResult grown = store.table("samples").ingest(SampleReader.of(more), Progress.NONE);
        assertThat(grown.added()).isEqualTo(100);
        assertThat(readAll(store.table("samples").dataset())).extracting(Sample::source)
                .isEqualTo(more.stream().map(Sample::source).toList());
    }

    @Test
    void anInputThatFailsHalfWayLeavesTheTableAsItWas() throws Exception {
        Store store = newStore();
        store.table("samples").ingest(SampleReader.of(samples(10, "train", 5)), Progress.NONE);
        List<Sample> in = samples(1_700, "train", 6); // fails after more than three written batches
        SampleReader failing = new SampleReader() {
            int i;

            @Override
            public Sample next() {
                if (i == 1_600) throw new InvalidInputException(InputLocation.line("digits.csv", 1_602, 1), "bad value");
                return in.get(i++);
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> store.table("samples").ingest(failing, Progress.NONE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("digits.csv, line 1602");
        assertThat(store.table("samples").counts()).isEqualTo(Map.of("train", 10L));
        IngestResult rerun = store.table("samples").ingest(SampleReader.of(in), Progress.NONE);
        assertThat(rerun.added()).isEqualTo(1_700);
        assertThat(store.table("samples").counts()).isEqualTo(Map.of("train", 1_710L));
    }

    @Test
    void mnistReadBackFromATableHasTheFilesFingerprint() throws Exception {
        Store store = newStore();
        Dataset files = Datasets.open(SharedData.mnist());
        List<Sample> slice = new ArrayList<>();
        for (String split : List.of("train", "test")) {
            try (SampleReader r = files.open(Set.of(split))) {
                r.stream().limit(1_500).forEach(slice::add);
            }
        }
        store.table("mnist").ingest(SampleReader.of(slice), Progress.NONE);
        Dataset table = store.table("mnist").dataset();
        assertThat(DatasetFingerprint.of(table.open())).isEqualTo(DatasetFingerprint.of(SampleReader.of(slice)));
        assertThat(DatasetFingerprint.of(table.open(Set.of("test"))))
                .isEqualTo(DatasetFingerprint.of(SampleReader.of(slice.subList(1_500, 3_000))));
    }

    @Test
    void csvUuidsAreKeptAndARepeatedUuidIsCountedNotDuplicated() throws Exception {
        Store store = newStore();
        StringBuilder csv = new StringBuilder("uuid,label");
        for (int i = 0; i < 784; i++) csv.append(",pixel").append(i);
        for (String row : List.of("a-1,3", "a-2,4", "a-1,5")) {
            csv.append('\n').append(row);
            for (int i = 0; i < 784; i++) csv.append(",").append(i % 256);
        }
        Path file = tmp.resolve("train.csv");
        Files.writeString(file, csv, StandardCharsets.US_ASCII);
        IngestResult r = store.table("kaggle").ingest(Datasets.open(file).open(), Progress.NONE);
        assertThat(r.added()).isEqualTo(2);
        assertThat(r.existing()).isEqualTo(1);
        assertThat(readAll(store.table("kaggle").dataset())).extracting(Sample::uuid, Sample::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a-1", 3), org.assertj.core.groups.Tuple.tuple("a-2", 4));
    }

    @Test
    void tablesAreSeparateAndCanBeDropped() throws Exception {
        Store store = newStore();
        store.table("one").ingest(SampleReader.of(samples(5, "train", 7)), Progress.NONE);
        store.table("two").ingest(SampleReader.of(samples(7, "test", 7)), Progress.NONE); // same samples, other table
        assertThat(store.tables()).isEqualTo(Map.of("one", Map.of("train", 5L), "two", Map.of("test", 7L)));
        assertThat(store.table("one").drop()).isEqualTo(5);
        assertThat(store.tables()).containsOnlyKeys("two");
        assertThatThrownBy(() -> store.table("one").dataset()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no such table, or it is empty").hasMessageContaining("inkwell ingest");
    }

    @Test
    void aDamagedRowIsNamedWhenRead() throws Exception {
        Store store = newStore();
        store.table("samples").ingest(SampleReader.of(samples(3, "train", 8)), Progress.NONE);
        try (Connection c = store.connect(); PreparedStatement st = c.prepareStatement(
                "INSERT INTO samples (table_name, uuid, label, pixels, width, height, channels, source, split, created_at)"
                        + " VALUES ('samples', 'broken-1', 1, ?, 28, 28, 1, 'elsewhere', 'train', " + now(store) + ")")) {
            st.setBytes(1, new byte[100]); // 28×28 needs 784
            st.executeUpdate();
        }
        assertThatThrownBy(() -> readAll(store.table("samples").dataset()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("uuid broken-1").hasMessageContaining("28x28x1");
    }

    private static String now(Store store) {
        return store.dialect() == Dialect.SQLITE ? "'2026-11-23T00:00:00Z'" : "now()";
    }

    @Test
    void aStoreWrittenByANewerInkwellIsRefused() throws Exception {
        String url = newLocation();
        try (Store newer = Store.open(url, WITH_LATER_MIGRATION)) { // what a later Inkwell with a second migration leaves
            newer.table("samples").ingest(SampleReader.of(samples(3, "train", 10)), Progress.NONE);
        }
        assertThatThrownBy(() -> Store.open(url)).isInstanceOf(StoreException.class)
                .hasMessageContaining("written by a newer Inkwell (schema 999, this one knows " + KNOWN + "): upgrade Inkwell");
    }

    @Test
    void uuidsMustBeShortPrintableTextOnEveryStore() throws Exception {
        Store store = newStore();
        Sample ok = samples(1, "train", 9).get(0);
        for (String bad : new String[] {"x".repeat(3_000), "a\u0000b", "line\nbreak"}) {
            List<Sample> in = List.of(ok, ok.withUuid(bad).withSourceName("digits.csv:7"));
            assertThatThrownBy(() -> store.table("samples").ingest(SampleReader.of(in), Progress.NONE)).as(bad.substring(0, Math.min(5, bad.length())))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("digits.csv:7").hasMessageContaining("uuid");
        }
        assertThat(store.tables()).isEmpty();
    }

    @Test
    void largeImagesAreWrittenInBatchesOfBoundedSize() throws Exception {
        Store store = newStore();
        Random r = new Random(12);
        List<Sample> big = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 40 MB of pixels: more than one batch's byte budget
            byte[] px = new byte[1_000 * 1_000];
            r.nextBytes(px);
            big.add(new Sample(null, i % 10, px, 1_000, 1_000, 1, "photo-" + i + ".png", "train"));
        }
        List<Long> flushes = new ArrayList<>(); // progress advances once per written batch
        Progress counting = new Progress() {
            @Override public void start(String task, long total) { }
            @Override public void advance(long units) { flushes.add(units); }
            @Override public void close() { }
        };
        IngestResult result = store.table("photos").ingest(SampleReader.of(big), counting);
        assertThat(result.added()).isEqualTo(40);
        assertThat(flushes).as("40 rows, far under the 500-row batch, still flushed by size").containsExactly(34L, 6L); // 34 MB is the first count of 1 MB images over 32 MiB
        assertThat(readAll(store.table("photos").dataset())).extracting(Sample::source)
                .isEqualTo(big.stream().map(Sample::source).toList());
    }

    @Test
    void hostileTableNamesAreRefusedBeforeAnySql() throws Exception {
        Store store = newStore();
        for (String bad : new String[] {"", "Samples", "x'; DROP TABLE samples; --", "ä", "a".repeat(64), "../etc", "1abc", "a b", "a\nb"}) {
            assertThatThrownBy(() -> store.table(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("lower-case letters");
        }
        assertThat(store.tables()).isEmpty();
    }
}
