package dev.inkwell.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.CsvReader;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.FunctionOutputs;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.store.Store;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 000's ExportDBToS3: a real table streamed as CSV into a real bucket or a file, read back exactly. */
class TableExportTest {
    @TempDir
    Path dir;
    Buckets buckets;
    Bucket exports;
    Store store;
    final Functions functions = Functions.builtIn();

    @BeforeEach
    void setUp() {
        buckets = Buckets.folder(dir.resolve("buckets"));
        exports = buckets.create("exports");
        store = Store.open(dir.resolve("inkwell.db").toString());
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            byte[] px = new byte[784];
            px[i % 784] = (byte) (i % 256);
            samples.add(new Sample("u" + i, i % 10, px, 28, 28, 1, "gen:" + i, i < 1000 ? "train" : "test"));
        }
        store.table("digits").ingest(SampleReader.of(samples), Progress.NONE);
    }

    @AfterEach
    void tearDown() {
        store.close();
        buckets.close();
    }

    private static List<Sample> read(byte[] csv) {
        List<Sample> out = new ArrayList<>();
        try (CsvReader r = CsvReader.open(new ByteArrayInputStream(csv), "export", "train")) {
            for (Sample s = r.next(); s != null; s = r.next()) out.add(s);
        }
        return out;
    }

    @Test
    void aTableGoesIntoABucketAsCsvAndReadsBackTheSame() throws Exception {
        JsonNode answer = functions.invoke("export", Json.mapper().readTree(
                "{\"table\": \"digits\", \"bucket\": \"exports\", \"key\": \"csv/mnist-train.csv\", \"header\": true, \"uuid\": true}"),
                Invocation.direct(new FunctionEnvironment(buckets, () -> store, null, null, null), "cli", Duration.ofMinutes(1)));
        assertThat(answer.get("rows").asLong()).isEqualTo(1200);
        byte[] csv = exports.get("csv/mnist-train.csv").readAllBytes();
        assertThat(answer.get("size").asLong()).isEqualTo(csv.length);
        assertThat(new String(csv, 0, 40, StandardCharsets.US_ASCII)).startsWith("label,pixel0,pixel1,");
        List<Sample> back = read(csv);
        assertThat(back).hasSize(1200);
        assertThat(back.get(7).uuid()).isEqualTo("u7");
        assertThat(back.get(7).label()).isEqualTo(7);
        assertThat(back.get(7).pixels()[7]).isEqualTo((byte) 7);
        assertThat(exports.head("csv/mnist-train.csv").metadata()).containsEntry(FunctionOutputs.ORIGIN_METADATA, "cli");
    }

    @Test
    void withoutHeaderOrUuidAndOneSplitAsSeed000ExportsForTraining() throws Exception {
        var r = TableExport.toBucket(store, new TableExport.Request("digits", "test", false, false), exports, "test.csv", "cli", Progress.NONE);
        assertThat(r.rows()).isEqualTo(200);
        String csv = new String(exports.get("test.csv").readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(csv.lines().count()).isEqualTo(200);
        assertThat(csv.lines().findFirst().orElseThrow().split(",")).hasSize(785).startsWith("0");
        Path file = dir.resolve("out/train.csv");
        var f = TableExport.toFile(store, new TableExport.Request("digits", "train", true, true), file, Progress.NONE);
        assertThat(f.rows()).isEqualTo(1000);
        assertThat(read(Files.readAllBytes(file))).hasSize(1000);
    }

    @Test
    void aTableThatCannotBeWrittenLeavesNoObject() {
        List<Sample> mixed = List.of(new Sample(null, 1, new byte[4], 2, 2, 1, "a", "train"), new Sample(null, 2, new byte[9], 3, 3, 1, "b", "train"));
        store.table("mixed").ingest(SampleReader.of(mixed), Progress.NONE);
        assertThatThrownBy(() -> TableExport.toBucket(store, new TableExport.Request("mixed", null, false, false), exports, "mixed.csv", "cli", Progress.NONE))
                .hasMessageContaining("a CSV file holds images of one size");
        assertThat(exports.exists("mixed.csv")).isFalse();
        assertThatThrownBy(() -> TableExport.toBucket(store, new TableExport.Request("nothing", null, false, false), exports, "n.csv", "cli", Progress.NONE))
                .hasMessageContaining("no such table");
        assertThatThrownBy(() -> TableExport.toBucket(store, new TableExport.Request("digits", "validation", false, false), exports, "v.csv", "cli", Progress.NONE))
                .hasMessageContaining("no rows in split validation");
        assertThatThrownBy(() -> TableExport.toBucket(store, new TableExport.Request("digits", null, false, false), buckets.bucket("missing"), "x.csv", "cli", Progress.NONE))
                .hasMessageContaining("missing");
        assertThat(exports.objects("").toList()).isEmpty();
    }

    @Test
    void hostileExportEventsAreRefused() {
        FunctionEnvironment env = new FunctionEnvironment(buckets, () -> store, null, null, null);
        for (String json : List.of("{}", "{\"table\": \"digits\"}", "{\"table\": \"../x\", \"bucket\": \"exports\", \"key\": \"a\"}",
                "{\"table\": \"digits\", \"bucket\": \"exports\", \"key\": \"a\", \"header\": \"yes\"}",
                "{\"table\": \"digits\", \"bucket\": \"exports\", \"key\": \"\\u0001\"}")) {
            assertThatThrownBy(() -> functions.invoke("export", Json.mapper().readTree(json), Invocation.direct(env, "cli", Duration.ofMinutes(1))))
                    .as(json).isInstanceOfSatisfying(FunctionFailure.class, f -> assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT));
        }
    }
}
