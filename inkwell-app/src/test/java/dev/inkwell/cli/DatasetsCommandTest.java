package dev.inkwell.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset commands end to end, on the real shared MNIST and handwritten samples. */
class DatasetsCommandTest {
    @TempDir
    Path dir;

    @Test
    void infoReportsMnistSplitsShapeAndPerClassTrainCounts() throws IOException {
        CliTest.Result r = CliTest.run("datasets", "info", SharedData.mnist().toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("splits").get("train").get("count").asLong()).isEqualTo(60000);
        assertThat(j.get("splits").get("test").get("count").asLong()).isEqualTo(10000);
        assertThat(j.get("shapes").fieldNames()).toIterable().containsExactly("28x28");
        List<Long> perClass = new ArrayList<>();
        j.get("splits").get("train").get("classes").forEach(n -> perClass.add(n.asLong()));
        assertThat(perClass).containsExactly(5923L, 6742L, 5958L, 6131L, 5842L, 5421L, 5918L, 6265L, 5851L, 5949L);
        assertThat(j.get("fingerprint").asText()).hasSize(64);
    }

    @Test
    void mnistTestToCsvWithHeaderAndUuidAndBackToIdxKeepsTheFingerprint() throws IOException {
        String mnist = SharedData.mnist().toString();
        String original = CliTest.run("datasets", "info", mnist, "--split", "test", "--json").json().get("fingerprint").asText();
        Path csv = dir.resolve("mnist-test.csv");
        CliTest.Result toCsv = CliTest.run("datasets", "convert", mnist, "--split", "test", "-o", csv.toString(), "--header", "--uuid", "--uuid-start", "60001", "--json");
        assertThat(toCsv.code()).as(toCsv.err()).isZero();
        assertThat(toCsv.json().get("files").get(0).get("samples").asLong()).isEqualTo(10000);
        try (var lines = Files.lines(csv)) {
            List<String> head = lines.limit(2).toList();
            assertThat(head.get(0)).startsWith("label,pixel0,pixel1,").endsWith(",pixel783,uuid");
            assertThat(head.get(1)).startsWith("7,0,0,").endsWith(",60001");
        }
        Path idx = dir.resolve("back");
        assertThat(CliTest.run("datasets", "convert", csv.toString(), "-o", idx.toString()).code()).isZero();
        String back = CliTest.run("datasets", "info", idx.toString(), "--json").json().get("fingerprint").asText();
        assertThat(back).isEqualTo(original);
        assertThat(CliTest.run("datasets", "info", csv.toString(), "--json").json().get("fingerprint").asText()).isEqualTo(original);
    }

    @Test
    void convertsToRawIdxPairAndHeaderlessCsv() throws IOException {
        Path images = dir.resolve("x-images-idx3-ubyte");
        CliTest.Result r = CliTest.run("datasets", "convert", SharedData.handwritten28px().toString(), "-o", images.toString(), "--labels", "file_name");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 10 samples to");
        assertThat(Files.size(images)).isEqualTo(16 + 10 * 784);
        assertThat(Files.size(dir.resolve("x-labels-idx1-ubyte"))).isEqualTo(8 + 10);
        Path csv = dir.resolve("plain.csv");
        assertThat(CliTest.run("datasets", "convert", images.toString(), "-o", csv.toString(), "--no-header").code()).isZero();
        assertThat(Files.readAllLines(csv)).hasSize(10).allMatch(l -> l.split(",").length == 785);
    }

    @Test
    void img2csvWritesTenRowsLabelledZeroToNine() throws IOException {
        Path out = dir.resolve("handwritten.csv");
        CliTest.Result r = CliTest.run("img2csv", SharedData.handwritten28px().toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 10 rows to");
        List<String> rows = Files.readAllLines(out);
        assertThat(rows).hasSize(10);
        assertThat(rows.stream().map(l -> l.substring(0, l.indexOf(','))).toList())
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(rows).allMatch(l -> l.split(",").length == 785);
    }

    @Test
    void img2csvWithHeaderAndUuidsFromSixtyThousandOne() throws IOException {
        Path out = dir.resolve("h.csv");
        assertThat(CliTest.run("img2csv", SharedData.handwritten28px().toString(), "-o", out.toString(), "--header", "--uuid-start", "60001").code()).isZero();
        List<String> rows = Files.readAllLines(out);
        assertThat(rows.get(0)).startsWith("label,pixel0,").endsWith(",uuid");
        assertThat(rows.get(1)).startsWith("0,").endsWith(",60001");
        assertThat(rows.get(10)).startsWith("9,").endsWith(",60010");
    }

    @Test
    void sheetWritesAPng() throws IOException {
        Path png = dir.resolve("sheet.png");
        CliTest.Result r = CliTest.run("datasets", "sheet", SharedData.mnist().toString(), "--split", "test", "-n", "20", "-o", png.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isGreaterThan(5 * 56);
    }

    @Test
    void fetchFromTheSharedFolderVerifiesAndCopies() throws IOException {
        Path out = dir.resolve("fm");
        CliTest.Result r = CliTest.run("datasets", "fetch", "fashion-mnist", "--from", SharedData.fashionMnist().toString(), "--dir", out.toString(), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("files")).hasSize(4);
        CliTest.Result again = CliTest.run("datasets", "fetch", "fashion-mnist", "--from", SharedData.fashionMnist().toString(), "--dir", out.toString());
        assertThat(again.out()).contains("kept").doesNotContain("verified");
        assertThat(CliTest.run("datasets", "fetch", "cifar", "--from", dir.toString()).code()).isEqualTo(2);
    }

    // ---- bad input: exit 1, one located line, nothing written ----

    private void assertFailsLocatedAndWritesNothing(Path input, String... expectedInMessage) throws IOException {
        Path outDir = dir.resolve("out");
        Files.createDirectories(outDir);
        for (String target : List.of("o.csv", "idx")) {
            CliTest.Result r = CliTest.run("datasets", "convert", input.toString(), "-o", outDir.resolve(target).toString());
            assertThat(r.code()).as(r.err()).isEqualTo(1);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("inkwell: " + input).contains(expectedInMessage);
            try (var files = Files.list(outDir)) {
                assertThat(files.toList()).as("left behind").isEmpty();
            }
        }
    }

    private static String row(int values, int v) {
        return IntStream.range(0, values).mapToObj(i -> Integer.toString(v)).collect(Collectors.joining(","));
    }

    @Test
    void truncatedIdx() throws IOException {
        Path images = dir.resolve("cut-images-idx3-ubyte.gz");
        byte[] full;
        try (var in = new GZIPInputStream(Files.newInputStream(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz")))) {
            full = in.readNBytes(16 + 784 * 500);
        }
        // the header says 10000 images; 500 follow
        Path raw = dir.resolve("raw-images-idx3-ubyte");
        Files.write(raw, full);
        assertFailsLocatedAndWritesNothing(raw, "record 500", "truncated");
        try (var out = new GZIPOutputStream(Files.newOutputStream(images))) {
            out.write(full);
        }
        assertFailsLocatedAndWritesNothing(images, "record 500", "truncated");
    }

    @Test
    void csvRowWith783Values() throws IOException {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "1," + row(784, 0) + "\n2," + row(783, 0) + "\n");
        assertFailsLocatedAndWritesNothing(csv, "line 2, column 785: expected 785 values (label, pixel0..pixel783), found 784");
    }

    @Test
    void csvValue256() throws IOException {
        Path csv = dir.resolve("big.csv");
        Files.writeString(csv, "label," + IntStream.range(0, 784).mapToObj(i -> "pixel" + i).collect(Collectors.joining(","))
                + "\n3," + row(783, 1) + ",256\n");
        assertFailsLocatedAndWritesNothing(csv, "line 2, column 785: pixel783 must be an integer 0–255, found '256'");
    }

    @Test
    void csvNonNumber() throws IOException {
        Path csv = dir.resolve("nan.csv");
        Files.writeString(csv, "1," + row(784, 0) + "\n1," + row(99, 0) + ",abc," + row(684, 0) + "\r\n");
        assertFailsLocatedAndWritesNothing(csv, "line 2, column 101: pixel99 must be an integer 0–255, found 'abc'");
    }

    @Test
    void emptyFile() throws IOException {
        Path csv = dir.resolve("empty.csv");
        Files.write(csv, new byte[0]);
        assertFailsLocatedAndWritesNothing(csv, "empty file");
        Path idx = dir.resolve("empty-images-idx3-ubyte");
        Files.write(idx, new byte[0]);
        assertFailsLocatedAndWritesNothing(idx, "empty file");
    }

    @Test
    void folderWithoutImages() throws IOException {
        Path empty = dir.resolve("no-images");
        Files.createDirectories(empty);
        Files.writeString(empty.resolve("readme.txt"), "nothing to see");
        assertFailsLocatedAndWritesNothing(empty, "no images found");
        CliTest.Result r = CliTest.run("img2csv", empty.toString(), "-o", dir.resolve("out/x.csv").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("inkwell: " + empty + ": no images found: expected PNG, JPEG, GIF or BMP files in the folder or its subfolders\n");
        try (var files = Files.list(dir.resolve("out"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void helpOnEveryDatasetCommand() {
        for (String[] cmd : new String[][] {{"datasets", "--help"}, {"datasets", "info", "--help"}, {"datasets", "convert", "--help"},
                {"datasets", "sheet", "--help"}, {"datasets", "fetch", "--help"}, {"img2csv", "--help"}}) {
            CliTest.Result r = CliTest.run(cmd);
            assertThat(r.code()).isZero();
            assertThat(r.out()).startsWith("Usage: inkwell " + String.join(" ", Arrays.copyOf(cmd, cmd.length - 1)));
        }
    }
}
