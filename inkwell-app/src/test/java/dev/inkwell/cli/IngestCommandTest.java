package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.DatasetConverter;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ingest → tables → train/evaluate/finetune from a table, on an SQLite store in a temp folder. */
class IngestCommandTest {
    @TempDir
    static Path dir;
    static Path slice;

    /** 1,000 MNIST training and 300 test images as an IDX folder. */
    @BeforeAll
    static void writeSlice() {
        List<Sample> samples = new ArrayList<>();
        var mnist = Datasets.open(SharedData.mnist());
        try (SampleReader train = mnist.open(Set.of("train")); SampleReader test = mnist.open(Set.of("test"))) {
            train.stream().limit(1_000).forEach(samples::add);
            test.stream().limit(300).forEach(samples::add);
        }
        slice = dir.resolve("slice");
        DatasetConverter.toIdx(SampleReader.of(samples), slice, true, Progress.NONE);
    }

    private static String store(String name) {
        return dir.resolve(name).resolve("inkwell.db").toString();
    }

    @Test
    void ingestTwiceThenTrainAndEvaluateFromTheTableAsFromTheFiles() throws Exception {
        String store = store("train");
        CliTest.Result first = CliTest.run("ingest", "--data", slice.toString(), "--store", store, "--json");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.json().get("added").asLong()).isEqualTo(1_300);
        assertThat(Path.of(store + "-wal")).as("the command closed its store").doesNotExist();
        CliTest.Result again = CliTest.run("ingest", "--data", slice.toString(), "--store", store, "--json");
        assertThat(again.json().get("added").asLong()).isZero();
        assertThat(again.json().get("existing").asLong()).isEqualTo(1_300);

        CliTest.Result tables = CliTest.run("tables", "--store", store);
        assertThat(tables.out()).contains("samples").contains("1,300 rows: train 1,000, test 300");
        JsonNode tableInfo = CliTest.run("datasets", "info", "table", "--store", store, "--json").json();
        JsonNode fileInfo = CliTest.run("datasets", "info", slice.toString(), "--json").json();
        assertThat(tableInfo.get("fingerprint").asText()).isEqualTo(fileInfo.get("fingerprint").asText());
        assertThat(tableInfo.get("format").asText()).isEqualTo("samples table");

        String[] common = {"--arch", "compact", "--epochs", "1", "--batch-size", "32", "--seed", "3", "--json"};
        CliTest.Result fromTable = CliTest.run(CliTest.concat(new String[] {"train", "--data", "table", "--store", store,
                "--out", dir.resolve("m-table").toString()}, common));
        assertThat(fromTable.code()).as(fromTable.err()).isZero();
        CliTest.Result fromFiles = CliTest.run(CliTest.concat(new String[] {"train", "--data", slice.toString(),
                "--out", dir.resolve("m-files").toString()}, common));
        JsonNode t = fromTable.json();
        JsonNode f = fromFiles.json();
        assertThat(t.at("/card/training/dataFingerprint").asText()).isNotBlank()
                .isEqualTo(f.at("/card/training/dataFingerprint").asText());
        assertThat(t.get("testCount").asInt()).isEqualTo(300);
        assertThat(t.get("accuracy").asDouble()).isEqualTo(f.get("accuracy").asDouble()); // same data, same seed, same model

        CliTest.Result eval = CliTest.run("evaluate", "--model", dir.resolve("m-table").toString(), "--data", "table:samples",
                "--store", store, "--json");
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.json().get("split").asText()).isEqualTo("test");
        assertThat(eval.json().get("accuracy").asDouble()).isEqualTo(t.get("accuracy").asDouble());
    }

    @Test
    void fineTuneReadsTheUsersSamplesAndTheReplayFromTables() throws Exception {
        String store = store("finetune");
        assertThat(CliTest.run("ingest", "--data", SharedData.handwritten28px().toString(), "--table", "mine", "--store", store).code()).isZero();
        assertThat(CliTest.run("ingest", "--data", slice.toString(), "--table", "mnist", "--store", store).code()).isZero();
        CliTest.Result r = CliTest.run("finetune", "--base", "mnist-compact", "--data", "table:mine", "--replay", "table:mnist",
                "--store", store, "--replay-count", "500", "--epochs", "1", "--out", dir.resolve("tuned").toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("userSamples").asInt()).isEqualTo(10);
        assertThat(r.json().get("originalTestCount").asInt()).isEqualTo(300);
    }

    @Test
    void aBadLineFailsTheIngestAndLeavesTheTableAsItWas() throws Exception {
        String store = store("bad");
        StringBuilder csv = new StringBuilder();
        for (int row = 0; row < 1_200; row++) {
            csv.append(row % 10);
            for (int i = 0; i < 784; i++) csv.append(',').append(row == 1_100 && i == 5 ? "300" : "0");
            csv.append('\n');
        }
        Path file = dir.resolve("bad-train.csv");
        Files.writeString(file, csv, StandardCharsets.US_ASCII);
        CliTest.Result r = CliTest.run("ingest", "--data", file.toString(), "--store", store);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad-train.csv").contains("line 1101");
        assertThat(CliTest.run("tables", "--store", store).out()).contains("no tables");

        Path truncated = dir.resolve("truncated");
        Files.createDirectories(truncated);
        for (String f : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"}) {
            Files.copy(slice.resolve(f), truncated.resolve(f));
        }
        byte[] images = Files.readAllBytes(truncated.resolve("train-images-idx3-ubyte.gz"));
        Files.write(truncated.resolve("train-images-idx3-ubyte.gz"), Arrays.copyOf(images, images.length / 2));
        CliTest.Result cut = CliTest.run("ingest", "--data", truncated.toString(), "--store", store);
        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.err()).contains("train-images-idx3-ubyte.gz");
        assertThat(CliTest.run("tables", "--store", store).out()).contains("no tables");
    }

    /** A PNG whose header claims 100,000 × 100,000 pixels (a decompression bomb's calling card), with valid CRCs. */
    private static byte[] bombPng() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(type.getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void oversizedInputIsRefusedAndLeavesTheTableAsItWas() throws Exception {
        String store = store("oversized");
        Path folder = dir.resolve("pictures");
        Files.createDirectories(folder);
        Files.copy(SharedData.handwritten28px().resolve("3.png"), folder.resolve("3_mine.png"));
        Files.write(folder.resolve("7_bomb.png"), bombPng());
        CliTest.Result bomb = CliTest.run("ingest", "--data", folder.toString(), "--store", store);
        assertThat(bomb.code()).isEqualTo(1);
        assertThat(bomb.err()).contains("7_bomb.png").contains("pixels");
        assertThat(CliTest.run("tables", "--store", store).out()).contains("no tables");

        Path longLine = dir.resolve("long-train.csv");
        try (var w = Files.newBufferedWriter(longLine, StandardCharsets.US_ASCII)) {
            w.write("1");
            for (int i = 0; i < 7_000_000; i++) w.write(",0"); // one 14 MB line: over the reader's line limit
            w.write('\n');
        }
        CliTest.Result line = CliTest.run("ingest", "--data", longLine.toString(), "--store", store);
        assertThat(line.code()).isEqualTo(1);
        assertThat(line.err()).contains("long-train.csv").contains("line longer than");
        assertThat(CliTest.run("tables", "--store", store).out()).contains("no tables");
    }

    @Test
    void badTablesAndStoresAreClearErrors() {
        String store = store("errors");
        CliTest.Result name = CliTest.run("ingest", "--data", slice.toString(), "--table", "x'; DROP TABLE samples; --", "--store", store);
        assertThat(name.code()).isEqualTo(1);
        assertThat(name.err()).contains("a table name is").doesNotContain("SQL");
        CliTest.Result missing = CliTest.run("train", "--data", "table:nothing-here", "--store", store, "--out", dir.resolve("x").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("table:nothing-here").contains("inkwell ingest");
        CliTest.Result mysql = CliTest.run("tables", "--store", "jdbc:mysql://db/x");
        assertThat(mysql.code()).isEqualTo(1);
        assertThat(mysql.err()).contains("unsupported store");
        CliTest.Result drop = CliTest.run("tables", "drop", "never-filled", "--store", store);
        assertThat(drop.code()).isEqualTo(1);
        assertThat(drop.err()).contains("never-filled").contains("no such table");
    }
}
