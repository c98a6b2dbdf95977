package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReadersTest {
    @TempDir
    Path dir;

    /** CIFAR-100 samples over several fine classes including 8 (bicycle) and 48 (motorcycle). */
    private static List<Sample> cifar100Samples() {
        List<Sample> s = new ArrayList<>();
        int[] labels = {8, 48, 3, 8, 99, 48, 0, 8};
        List<Sample> random = TestSamples.random(100, labels.length, 32, 32, 3, 1, "train");
        for (int i = 0; i < labels.length; i++) {
            Sample r = random.get(i);
            s.add(new Sample(null, labels[i], r.pixels(), 32, 32, 3, null, "train"));
        }
        return s;
    }

    @Test
    void binaryCifar10RoundTripsAndInterleavesPlanes() throws IOException {
        List<Sample> samples = TestSamples.random(10, 6, 32, 32, 3, 10, "train");
        Path f = dir.resolve("data_batch_1.bin");
        CifarFiles.writeBinary(f, CifarVariant.CIFAR10, samples);
        Dataset d = Datasets.open(f);
        assertThat(d.format()).isEqualTo(DatasetFormat.CIFAR10_BINARY);
        assertThat(TestSamples.content(TestSamples.readAll(d.open()))).isEqualTo(TestSamples.content(samples));
    }

    @Test
    void binaryCifar100FilteredToBicycleAndMotorcycle() throws IOException {
        Path folder = dir.resolve("cifar-100-binary");
        Files.createDirectories(folder);
        CifarFiles.writeBinary(folder.resolve("train.bin"), CifarVariant.CIFAR100, cifar100Samples());
        CifarFiles.writeBinary(folder.resolve("test.bin"), CifarVariant.CIFAR100, cifar100Samples().subList(0, 2));
        Dataset d = Datasets.open(folder, ReadOptions.DEFAULT.withClasses(Set.of(8, 48)));
        assertThat(d.format()).isEqualTo(DatasetFormat.CIFAR100_BINARY);
        List<Sample> s = TestSamples.readAll(d.open());
        assertThat(s).extracting(Sample::label).containsExactly(8, 48, 8, 48, 8, 8, 48);
        assertThat(s).extracting(Sample::split).containsExactly("train", "train", "train", "train", "train", "test", "test");
        assertThat(s.getFirst().pixels()).isEqualTo(cifar100Samples().getFirst().pixels());
    }

    @Test
    void pickleBatchesLikePython2AndPython3() throws IOException {
        for (CifarFiles.Style style : CifarFiles.Style.values()) {
            Path folder = dir.resolve("py-" + style);
            Files.createDirectories(folder);
            CifarFiles.writePickle(folder.resolve("train"), CifarVariant.CIFAR100, cifar100Samples(), style);
            Files.write(folder.resolve("meta"), new byte[] {(byte) 0x80, 2, '}', '.'});
            Dataset d = Datasets.open(folder, ReadOptions.DEFAULT.withClasses(Set.of(8, 48)));
            assertThat(d.format()).isEqualTo(DatasetFormat.CIFAR_PICKLE);
            List<Sample> s = TestSamples.readAll(d.open());
            List<Sample> expected = cifar100Samples().stream().filter(x -> x.label() == 8 || x.label() == 48).toList();
            assertThat(TestSamples.content(s)).as(style.name()).isEqualTo(TestSamples.content(expected));
        }
        List<Sample> ten = TestSamples.random(11, 5, 32, 32, 3, 10, "test");
        Path f = dir.resolve("test_batch");
        CifarFiles.writePickle(f, CifarVariant.CIFAR10, ten, CifarFiles.Style.PYTHON2);
        try (CifarPickleReader r = CifarPickleReader.open(f, "test")) {
            assertThat(r.variant()).isEqualTo(CifarVariant.CIFAR10);
            assertThat(TestSamples.content(r.stream().toList())).isEqualTo(TestSamples.content(ten));
        }
    }

    @Test
    void readsBatchesPickledByRealNumpy() throws URISyntaxException {
        for (String name : List.of("numpy-cifar100-protocol2.pickle", "numpy-cifar100-protocol5.pickle", "numpy-cifar10-bytes-keys-protocol4.pickle")) {
            Path f = Path.of(getClass().getResource("/cifar/" + name).toURI());
            List<Sample> s = TestSamples.readAll(CifarPickleReader.open(f, "train"));
            assertThat(s).as(name).extracting(Sample::label).containsExactly(name.contains("cifar10-") ? new Integer[] {1, 9, 0} : new Integer[] {8, 48, 3});
            // pixel (image i, channel c, position p) = (i*7 + c*50 + p) % 256
            Sample second = s.get(1);
            assertThat(second.pixel(5, 1, 2)).as(name).isEqualTo((7 + 100 + 37) % 256);
        }
    }

    @Test
    void corruptBatchesAreInvalidInput() throws IOException {
        Path bin = dir.resolve("data_batch_1.bin");
        Files.write(bin, new byte[3073 * 2 - 5]);
        assertThatThrownBy(() -> Datasets.open(bin).open().next()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("record 1").hasMessageContaining("3073-byte records");
        byte[] badLabel = new byte[3073];
        badLabel[0] = 10;
        Files.write(bin, badLabel);
        assertThatThrownBy(() -> Datasets.open(bin).open().next()).hasMessageContaining("record 0: label 10 out of range");

        byte[] pickle = CifarFiles.pickle(CifarVariant.CIFAR10, TestSamples.random(1, 2, 32, 32, 3, 10, "x"), CifarFiles.Style.PYTHON2);
        Path truncated = dir.resolve("test_batch");
        Files.write(truncated, Arrays.copyOf(pickle, pickle.length - 100));
        assertThatThrownBy(() -> CifarPickleReader.open(truncated, "test")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(truncated.toString());
        Path evil = dir.resolve("evil");
        Files.write(evil, "\u0080\u0002cos\nsystem\n(S'echo hi'\ntR.".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CifarPickleReader.open(evil, "x")).hasMessageContaining("unexpected Python class os.system");
        Path huge = dir.resolve("huge");
        Files.write(huge, new byte[] {(byte) 0x80, 2, 'B', (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        assertThatThrownBy(() -> CifarPickleReader.open(huge, "x")).hasMessageContaining("runs past the end");
    }
}
