package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFormatTest {
    @TempDir
    Path dir;

    @Test
    void readsTheRealMnistTestSet() {
        Path mnist = SharedData.mnist();
        try (SampleReader r = IdxReader.open(mnist.resolve("t10k-images-idx3-ubyte.gz"), mnist.resolve("t10k-labels-idx1-ubyte.gz"), "test")) {
            assertThat(r.expectedCount()).isEqualTo(10000);
            Sample first = r.next();
            assertThat(first.label()).isEqualTo(7); // the famous first MNIST test digit
            assertThat(first.shape()).isEqualTo(new Shape(28, 28, 1));
            long n = 1 + r.stream().count();
            assertThat(n).isEqualTo(10000);
        }
    }

    @Test
    void roundTripsGreyAndRgbRawAndGzip() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            for (int channels : new int[] {1, 3}) {
                List<Sample> samples = TestSamples.random(channels, 25, 5, 4, channels, 10, "train");
                Path images = dir.resolve("x" + channels + gzip + "-images-idx3-ubyte" + (gzip ? ".gz" : ""));
                try (IdxWriter w = new IdxWriter(images, IdxWriter.labelsFileFor(images), gzip)) {
                    samples.forEach(w::write);
                    w.finish();
                }
                assertThat(Inputs.isGzip(images)).isEqualTo(gzip);
                List<Sample> back = TestSamples.readAll(IdxReader.open(images, IdxWriter.labelsFileFor(images), "train"));
                assertThat(TestSamples.content(back)).isEqualTo(TestSamples.content(samples));
            }
        }
    }

    @Test
    void writesTheSameBytesAsTheOriginalMnistFiles() throws IOException {
        Path mnist = SharedData.mnist();
        Path out = dir.resolve("out");
        Dataset test = Datasets.open(mnist);
        try (SampleReader r = test.open(Set.of("test"))) {
            DatasetConverter.toIdx(r, out, false, Progress.NONE);
        }
        assertThat(Files.readAllBytes(out.resolve("t10k-labels-idx1-ubyte")))
                .isEqualTo(gunzip(mnist.resolve("t10k-labels-idx1-ubyte.gz")));
        assertThat(DatasetFetcher.contentSha256(out.resolve("t10k-images-idx3-ubyte")))
                .isEqualTo(KnownDataset.MNIST.files().get(2).sha256());
    }

    @Test
    void truncatedRawFileIsReportedWithTheRecordBeforeAnythingIsRead() throws IOException {
        Path images = writeIdx("t-images-idx3-ubyte", new int[] {3, 2, 2}, 3 * 4 - 1);
        assertThatThrownBy(() -> IdxReader.open(images, null, "train"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("record 2").hasMessageContaining("truncated");
    }

    @Test
    void truncatedGzipFileIsReportedAtTheMissingRecord() throws IOException {
        Path images = dir.resolve("t-images-idx3-ubyte.gz");
        byte[] full = gzipBytes(idxBytes(new int[] {1000, 28, 28}, 1000 * 784));
        Files.write(images, Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> TestSamples.readAll(IdxReader.open(images, null, "train")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(images.toString()).hasMessageContaining("record ").hasMessageContaining("truncated");
    }

    @Test
    void trailingBytesAreRefused() throws IOException {
        Path images = writeIdx("t-images-idx3-ubyte", new int[] {2, 2, 2}, 9);
        assertThatThrownBy(() -> IdxReader.open(images, null, "train")).hasMessageContaining("1 unexpected bytes");
    }

    @Test
    void badMagicTypeAndDimensionsAreRefused() throws IOException {
        Path notIdx = dir.resolve("a");
        Files.writeString(notIdx, "hello world, not idx");
        assertThatThrownBy(() -> IdxReader.open(notIdx, null, "x")).hasMessageContaining("not an IDX file");
        Path floats = dir.resolve("b");
        Files.write(floats, new byte[] {0, 0, 0x0D, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxReader.open(floats, null, "x")).hasMessageContaining("type 0x0d");
        Path labelsOnly = writeIdx("c", new int[] {4}, 4);
        assertThatThrownBy(() -> IdxReader.open(labelsOnly, null, "x")).hasMessageContaining("labels file");
        Path empty = dir.resolve("d");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> IdxReader.open(empty, null, "x")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("empty");
        Path huge = writeIdx("e", new int[] {1, 100000, 100000}, 0);
        assertThatThrownBy(() -> IdxReader.open(huge, null, "x")).hasMessageContaining("larger than");
    }

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        Path images = writeIdx("m-images-idx3-ubyte", new int[] {3, 2, 2}, 12);
        Path labels = writeIdx("m-labels-idx1-ubyte", new int[] {2}, 2);
        assertThatThrownBy(() -> IdxReader.open(images, labels, "x")).hasMessageContaining("holds 2 labels but");
    }

    @Test
    void writerRefusesMixedSizesAndLabelsAndLeavesNothing() {
        Path images = dir.resolve("w-images-idx3-ubyte");
        try (IdxWriter w = new IdxWriter(images, IdxWriter.labelsFileFor(images), false)) {
            w.write(new Sample(null, 1, new byte[4], 2, 2, 1, "a", "train"));
            assertThatThrownBy(() -> w.write(new Sample(null, 1, new byte[9], 3, 3, 1, "b", "train")))
                    .hasMessageContaining("3x3").hasMessageContaining("one size");
            assertThatThrownBy(() -> w.write(new Sample(null, null, new byte[4], 2, 2, 1, "c", "train")))
                    .hasMessageContaining("unlabelled");
            assertThatThrownBy(() -> w.write(new Sample(null, 300, new byte[4], 2, 2, 1, "d", "train")))
                    .hasMessageContaining("0–255");
        }
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void unlabelledSamplesGiveAnImagesFileOnly() {
        Path images = dir.resolve("u-images-idx3-ubyte");
        try (IdxWriter w = new IdxWriter(images, IdxWriter.labelsFileFor(images), false)) {
            w.write(new Sample(null, null, new byte[] {1, 2, 3, 4}, 2, 2, 1, "a", "test"));
            w.finish();
        }
        assertThat(dir.toFile().list()).containsExactly("u-images-idx3-ubyte");
        Dataset d = Datasets.open(images);
        assertThat(TestSamples.readAll(d.open()).getFirst().label()).isNull();
    }

    private Path writeIdx(String name, int[] dims, int dataBytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, idxBytes(dims, dataBytes));
        return p;
    }

    static byte[] idxBytes(int[] dims, int dataBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) out.writeInt(d);
        for (int i = 0; i < dataBytes; i++) out.write(i * 31);
        return bytes.toByteArray();
    }

    static byte[] gzipBytes(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(b)) {
            gz.write(raw);
        }
        return b.toByteArray();
    }

    private static byte[] gunzip(Path p) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }
}
