package dev.inkwell.functions.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.Json;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.functions.FunctionEnvironment;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Functions;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.TestModels;
import dev.inkwell.store.Store;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seed 000's Lambda on real folder buckets and a real SQLite store: CSV and labelled pictures into a table, once. */
class IngestFunctionTest {
    @TempDir
    Path dir;
    Buckets buckets;
    Bucket uploads;
    Store store;
    FunctionEnvironment env;
    final Functions functions = Functions.builtIn();

    @BeforeEach
    void setUp() {
        buckets = Buckets.folder(dir.resolve("buckets"));
        uploads = buckets.create("uploads");
        store = Store.open(dir.resolve("inkwell.db").toString());
        env = new FunctionEnvironment(buckets, () -> store, null, null, null);
    }

    @AfterEach
    void tearDown() {
        store.close();
        buckets.close();
    }

    private JsonNode ingest(String key, String table) throws FunctionFailure {
        return functions.invoke("ingest", Json.mapper().createObjectNode().put("bucket", "uploads").put("key", key).put("table", table),
                Invocation.direct(env, "trigger/t", Duration.ofMinutes(1)));
    }

    /** Kaggle rows: {@code label:value[:uuid]} → label, 784 equal pixels, and a uuid column when given. */
    static byte[] csv(boolean header, String... rows) {
        StringBuilder sb = new StringBuilder();
        boolean uuid = rows.length > 0 && rows[0].split(":").length > 2;
        if (header) {
            sb.append("label");
            for (int i = 0; i < 784; i++) sb.append(",pixel").append(i);
            if (uuid) sb.append(",uuid");
            sb.append('\n');
        }
        for (String row : rows) {
            String[] parts = row.split(":");
            sb.append(parts[0]);
            for (int i = 0; i < 784; i++) sb.append(',').append(parts[1]);
            if (uuid) sb.append(',').append(parts[2]);
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private List<Sample> rows(String table) {
        List<Sample> out = new ArrayList<>();
        try (SampleReader r = store.table(table).dataset().open()) {
            for (Sample s = r.next(); s != null; s = r.next()) out.add(s);
        }
        return out;
    }

    @Test
    void seed000sCsvWithHeaderAndUuidsGoesInOnceHoweverOftenItComes() throws Exception {
        uploads.put("incoming/mnist-train.csv", csv(true, "5:10:1", "0:20:2", "4:30:3"), "text/csv");
        JsonNode first = ingest("incoming/mnist-train.csv", "digits");
        assertThat(first.get("read").asLong()).isEqualTo(3);
        assertThat(first.get("added").asLong()).isEqualTo(3);
        assertThat(first.get("etag").asText()).hasSize(32);
        JsonNode again = ingest("incoming/mnist-train.csv", "digits");
        assertThat(again.get("added").asLong()).isZero();
        assertThat(again.get("existing").asLong()).isEqualTo(3);
        assertThat(rows("digits")).extracting(Sample::uuid).containsExactly("1", "2", "3");
        assertThat(rows("digits")).extracting(Sample::label).containsExactly(5, 0, 4);
        assertThat(rows("digits").getFirst().pixels()[0]).isEqualTo((byte) 10);
    }

    @Test
    void headerlessAndGzippedCsvAndOtherSplitsAreRead() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(csv(false, "1:1", "2:2"));
        }
        uploads.put("in/rows.csv.gz", gz.toByteArray(), "application/gzip");
        JsonNode r = functions.invoke("ingest", Json.mapper().createObjectNode().put("bucket", "uploads").put("key", "in/rows.csv.gz")
                .put("table", "t").put("split", "test"), Invocation.direct(env, "cli", Duration.ofMinutes(1)));
        assertThat(r.get("added").asLong()).isEqualTo(2);
        assertThat(store.table("t").counts()).containsEntry("test", 2L);
    }

    @Test
    void aBadCsvNamesFileLineAndColumnAndLeavesTheTableAsItWas() throws Exception {
        uploads.put("in/good.csv", csv(false, "1:1"), "text/csv");
        ingest("in/good.csv", "t");
        byte[] bad = new String(csv(false, "1:1", "2:2", "3:3"), StandardCharsets.US_ASCII).replaceFirst("\n3,3,3,", "\n3,3,300,").getBytes(StandardCharsets.US_ASCII);
        uploads.put("in/bad.csv", bad, "text/csv");
        assertThatThrownBy(() -> ingest("in/bad.csv", "t")).isInstanceOfSatisfying(FunctionFailure.class, f -> {
            assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT);
            assertThat(f.retryable()).isFalse();
            assertThat(f.location().file()).isEqualTo("s3://uploads/in/bad.csv");
            assertThat(f.location().line()).isEqualTo(3);
            assertThat(f.location().column()).isEqualTo(3);
            assertThat(f.getMessage()).startsWith("s3://uploads/in/bad.csv, line 3, column 3:");
        });
        assertThat(rows("t")).hasSize(1);
        uploads.put("in/short.csv", "1,2,3,4,5\n1,2\n".getBytes(StandardCharsets.US_ASCII), "text/csv");
        assertThatThrownBy(() -> ingest("in/short.csv", "t")).isInstanceOfSatisfying(FunctionFailure.class,
                f -> assertThat(f.getMessage()).startsWith("s3://uploads/in/short.csv, line 2, column 3: expected 5 values"));
        uploads.put("in/empty.csv", new byte[0], "text/csv");
        assertThatThrownBy(() -> ingest("in/empty.csv", "t")).isInstanceOfSatisfying(FunctionFailure.class,
                f -> assertThat(f.getMessage()).contains("empty"));
    }

    @Test
    void aPictureTakesItsLabelFromItsNameOrFolder() throws Exception {
        uploads.put("handwritten/3_mine.png", TestModels.digit(3), "image/png");
        uploads.put("handwritten/8/x.png", TestModels.digit(8), "image/png");
        uploads.put("handwritten/plain.png", TestModels.digit(1), "image/png");
        ingest("handwritten/3_mine.png", "mine");
        ingest("handwritten/8/x.png", "mine");
        ingest("handwritten/plain.png", "mine");
        ingest("handwritten/3_mine.png", "mine");
        List<Sample> rows = rows("mine");
        assertThat(rows).extracting(Sample::label).containsExactly(3, 8, null);
        assertThat(rows.getFirst().width()).isEqualTo(28);
        assertThat(rows.getFirst().source()).isEqualTo("s3://uploads/handwritten/3_mine.png");
        uploads.put("handwritten/5_bad.png", "no picture".getBytes(StandardCharsets.UTF_8), "image/png");
        assertThatThrownBy(() -> ingest("handwritten/5_bad.png", "mine")).isInstanceOfSatisfying(FunctionFailure.class,
                f -> assertThat(f.error()).isEqualTo(FunctionFailure.INVALID_INPUT));
    }

    @Test
    void labelsComeFromFolderThenFirstCharacter() {
        assertThat(IngestFunction.labelOf("a/12/x.png")).isEqualTo(12);
        assertThat(IngestFunction.labelOf("7_x.png")).isEqualTo(7);
        assertThat(IngestFunction.labelOf("in/x7.png")).isNull();
        assertThat(IngestFunction.labelOf("in/٣.png")).as("ASCII digits only").isNull();
    }

    @Test
    void optionsNeedATableNameThatIsOne() {
        IngestFunction f = new IngestFunction();
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode())).hasMessageContaining("table");
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode().put("table", "Robert'); DROP TABLE samples;--"))).hasMessageContaining("table name");
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode().put("table", "t").put("channels", 2))).hasMessageContaining("channels");
        assertThatThrownBy(() -> f.checkOptions(Json.mapper().createObjectNode().put("table", "t").put("split", "TRAIN!"))).hasMessageContaining("split");
        assertThat(f.checkOptions(Json.mapper().createObjectNode().put("table", "t").put("split", "test").put("channels", 3))).isNotNull();
    }
}
