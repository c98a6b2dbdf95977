package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/** Round trips over random datasets, and every parser given random or mutated bytes. */
class DatasetPropertiesTest {
    private Path dir;

    @BeforeProperty
    void createDir() throws IOException {
        dir = Files.createTempDirectory("inkwell-props");
    }

    @AfterProperty
    void deleteDir() throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A small dataset: one shape, 1 to 20 samples, labelled or not. */
    @Provide
    Arbitrary<List<Sample>> datasets() {
        Arbitrary<Integer> side = Arbitraries.integers().between(1, 9);
        Arbitrary<Integer> channels = Arbitraries.of(1, 3);
        Arbitrary<Boolean> labelled = Arbitraries.of(true, false);
        return Combinators.combine(side, channels, labelled, Arbitraries.integers().between(1, 20), Arbitraries.longs())
                .as((s, c, l, n, seed) -> {
                    List<Sample> base = TestSamples.random(seed, n, s, s, c, 256, "train");
                    return l ? base : base.stream().map(x -> new Sample(null, null, x.pixels(), s, s, c, null, "train")).toList();
                });
    }

    @Property(tries = 60)
    void idxRoundTrip(@ForAll("datasets") List<Sample> samples, @ForAll boolean gzip) {
        Path images = dir.resolve("p-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        DatasetConverter.toIdx(SampleReader.of(samples), images, gzip, Progress.NONE);
        List<Sample> back = TestSamples.readAll(Datasets.open(images).open());
        assertThat(TestSamples.content(back)).isEqualTo(TestSamples.content(samples));
    }

    @Property(tries = 60)
    void csvRoundTrip(@ForAll("datasets") List<Sample> samples, @ForAll boolean header, @ForAll boolean uuid) {
        // headerless rows are told apart by length alone, which is unambiguous for grey images only
        Assume.that(header || samples.getFirst().channels() == 1);
        boolean withUuid = uuid && header; // headerless files cannot name a uuid column
        Path csv = dir.resolve("p.csv");
        DatasetConverter.toCsv(SampleReader.of(samples), csv, new CsvWriter.Options(header, withUuid, 7L), Progress.NONE);
        List<Sample> back = TestSamples.readAll(Datasets.open(csv).open());
        assertThat(TestSamples.content(back)).isEqualTo(TestSamples.content(samples));
        assertThat(back.getFirst().uuid()).isEqualTo(withUuid ? "7" : null);
        assertThat(DatasetFingerprint.of(SampleReader.of(back))).isEqualTo(DatasetFingerprint.of(SampleReader.of(samples)));
    }

    @Property(tries = 40)
    void cifarBinaryRoundTrip(@ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed, @ForAll boolean hundred) throws IOException {
        CifarVariant v = hundred ? CifarVariant.CIFAR100 : CifarVariant.CIFAR10;
        List<Sample> samples = TestSamples.random(seed, n, 32, 32, 3, v.classes(), "train");
        Path f = dir.resolve(hundred ? "train.bin" : "data_batch_1.bin");
        CifarFiles.writeBinary(f, v, samples);
        assertThat(TestSamples.content(TestSamples.readAll(Datasets.open(f).open()))).isEqualTo(TestSamples.content(samples));
    }

    @Property(tries = 30)
    void cifarPickleRoundTrip(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed, @ForAll boolean hundred,
                              @ForAll boolean python2) throws IOException {
        CifarVariant v = hundred ? CifarVariant.CIFAR100 : CifarVariant.CIFAR10;
        List<Sample> samples = TestSamples.random(seed, n, 32, 32, 3, v.classes(), "train");
        Path f = dir.resolve("data_batch_1");
        CifarFiles.writePickle(f, v, samples, python2 ? CifarFiles.Style.PYTHON2 : CifarFiles.Style.PYTHON3_BYTES);
        assertThat(TestSamples.content(TestSamples.readAll(Datasets.open(f).open()))).isEqualTo(TestSamples.content(samples));
    }

    enum Kind { IDX_RAW, IDX_GZ, CSV_HEADER, CSV_PLAIN, CIFAR10_BIN, CIFAR100_BIN, PICKLE, PNG }

    /** Valid files of every format, then random flips, cuts and insertions: read gives samples or InvalidInputException. */
    @Property(tries = 300)
    void mutatedFilesGiveSamplesOrInvalidInput(@ForAll Kind kind, @ForAll long seed,
                                               @ForAll @IntRange(min = 0, max = 6) int mutations) throws IOException {
        byte[] valid = validBytes(kind, seed);
        Random r = new Random(seed);
        byte[] bytes = valid;
        for (int m = 0; m < mutations && bytes.length > 0; m++) {
            int at = r.nextInt(bytes.length);
            bytes = switch (r.nextInt(3)) {
                case 0 -> { byte[] b = bytes.clone(); b[at] = (byte) r.nextInt(256); yield b; }
                case 1 -> Arrays.copyOf(bytes, at);
                default -> {
                    byte[] b = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, b, 0, at);
                    b[at] = (byte) r.nextInt(256);
                    System.arraycopy(bytes, at, b, at + 1, bytes.length - at);
                    yield b;
                }
            };
        }
        readOrInvalid(kind, bytes);
    }

    @Property(tries = 200)
    void randomBytesGiveSamplesOrInvalidInput(@ForAll Kind kind, @ForAll byte[] bytes) throws IOException {
        readOrInvalid(kind, bytes);
    }

    private void readOrInvalid(Kind kind, byte[] bytes) throws IOException {
        Path f = switch (kind) {
            case IDX_RAW, IDX_GZ -> dir.resolve("m-images-idx3-ubyte");
            case CSV_HEADER, CSV_PLAIN -> dir.resolve("m.csv");
            case CIFAR10_BIN -> dir.resolve("data_batch_1.bin");
            case CIFAR100_BIN -> dir.resolve("train.bin");
            case PICKLE -> dir.resolve("test_batch");
            case PNG -> dir.resolve("img/3.png");
        };
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        try {
            SampleReader reader = switch (kind) {
                case IDX_RAW, IDX_GZ -> IdxReader.open(f, null, "train");
                case CSV_HEADER, CSV_PLAIN -> CsvReader.open(f, "train");
                case CIFAR10_BIN -> CifarBinaryReader.open(f, CifarVariant.CIFAR10, "train");
                case CIFAR100_BIN -> CifarBinaryReader.open(f, CifarVariant.CIFAR100, "train");
                case PICKLE -> CifarPickleReader.open(f, "train");
                case PNG -> ImageFolderReader.open(f.getParent(), 1, LabelSource.AUTO, ImageLimits.DEFAULT);
            };
            try (reader) {
                for (Sample s = reader.next(); s != null; s = reader.next()) {
                    assertThat(s.pixels()).hasSize(s.width() * s.height() * s.channels());
                }
            }
        } catch (InvalidInputException expected) {
            assertThat(expected.location().file()).isNotNull();
        } catch (UncheckedIOException e) {
            throw new AssertionError("an I/O error on a readable temp file is a parser bug", e);
        }
    }

    private byte[] validBytes(Kind kind, long seed) throws IOException {
        List<Sample> grey = TestSamples.random(seed, 3, 4, 4, 1, 10, "train");
        List<Sample> rgb = TestSamples.random(seed, 2, 32, 32, 3, 10, "train");
        Path f = dir.resolve("valid-" + kind);
        switch (kind) {
            case IDX_RAW, IDX_GZ -> {
                Path images = dir.resolve("v-images-idx3-ubyte");
                try (IdxWriter w = new IdxWriter(images, IdxWriter.labelsFileFor(images), kind == Kind.IDX_GZ)) {
                    grey.forEach(w::write);
                    w.finish();
                }
                return Files.readAllBytes(images);
            }
            case CSV_HEADER, CSV_PLAIN -> {
                DatasetConverter.toCsv(SampleReader.of(grey), f, new CsvWriter.Options(kind == Kind.CSV_HEADER, kind == Kind.CSV_HEADER, null), Progress.NONE);
                return Files.readAllBytes(f);
            }
            case CIFAR10_BIN -> CifarFiles.writeBinary(f, CifarVariant.CIFAR10, rgb);
            case CIFAR100_BIN -> CifarFiles.writeBinary(f, CifarVariant.CIFAR100, rgb);
            case PICKLE -> CifarFiles.writePickle(f, CifarVariant.CIFAR10, rgb.subList(0, 1), CifarFiles.Style.PYTHON2);
            case PNG -> ImageIO.write(new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
        }
        return Files.readAllBytes(f);
    }
}
