package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void detectsTheMnistFolderAsTrainThenTest() {
        Dataset d = Datasets.open(SharedData.mnist());
        assertThat(d.format()).isEqualTo(DatasetFormat.IDX);
        assertThat(d.parts()).extracting(DatasetPart::split).containsExactly("train", "test");
        assertThat(d.expectedCount()).isEqualTo(70000);
    }

    @Test
    void mnistTestSetToCsvWithHeaderAndUuidAndBackToIdxKeepsTheFingerprint() {
        Dataset mnist = Datasets.open(SharedData.mnist());
        String original;
        try (SampleReader r = mnist.open(Set.of("test"))) {
            original = DatasetFingerprint.of(r);
        }
        Path csv = dir.resolve("mnist-test.csv");
        try (SampleReader r = mnist.open(Set.of("test"))) {
            DatasetConverter.toCsv(r, csv, new CsvWriter.Options(true, true, 1L), Progress.NONE);
        }
        Dataset fromCsv = Datasets.open(csv);
        assertThat(fromCsv.format()).isEqualTo(DatasetFormat.CSV);
        assertThat(DatasetFingerprint.of(fromCsv.open())).isEqualTo(original);

        Path idx = dir.resolve("idx");
        List<DatasetConverter.Written> written = DatasetConverter.toIdx(fromCsv.open(), idx, true, Progress.NONE);
        assertThat(written).extracting(DatasetConverter.Written::samples).containsExactly(10000L);
        assertThat(written.getFirst().file().getFileName().toString()).isEqualTo("t10k-images-idx3-ubyte.gz");
        assertThat(DatasetFingerprint.of(Datasets.open(idx).open())).isEqualTo(original);
    }

    @Test
    void fingerprintDependsOnContentNotOnUuidSourceOrSplit() {
        List<Sample> a = TestSamples.random(1, 3, 2, 2, 1, 10, "train");
        List<Sample> b = a.stream().map(s -> s.withUuid("x").withSplit("test").withSourceName("elsewhere")).toList();
        assertThat(DatasetFingerprint.of(SampleReader.of(a))).isEqualTo(DatasetFingerprint.of(SampleReader.of(b)));
        List<Sample> relabelled = List.of(a.get(0), a.get(1), new Sample(null, a.get(2).label() + 1, a.get(2).pixels(), 2, 2, 1, null, "train"));
        assertThat(DatasetFingerprint.of(SampleReader.of(relabelled))).isNotEqualTo(DatasetFingerprint.of(SampleReader.of(a)));
        List<Sample> reordered = List.of(a.get(1), a.get(0), a.get(2));
        assertThat(DatasetFingerprint.of(SampleReader.of(reordered))).isNotEqualTo(DatasetFingerprint.of(SampleReader.of(a)));
    }

    @Test
    void summaryCountsSplitsClassesAndShapes() {
        Path csv = dir.resolve("s.csv");
        List<Sample> s = List.of(new Sample(null, 1, new byte[4], 2, 2, 1, null, "train"),
                new Sample(null, 1, new byte[4], 2, 2, 1, null, "train"), new Sample(null, 0, new byte[4], 2, 2, 1, null, "train"));
        DatasetConverter.toCsv(SampleReader.of(s), csv, CsvWriter.Options.PLAIN, Progress.NONE);
        DatasetSummary summary = DatasetSummary.of(Datasets.open(csv), Progress.NONE);
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.shapes()).containsOnlyKeys("2x2");
        assertThat(summary.splits().get("train").classes()).containsEntry(0, 1L).containsEntry(1, 2L);
        assertThat(summary.fingerprint()).isEqualTo(DatasetFingerprint.of(SampleReader.of(s)));
    }

    @Test
    void singleIdxFileFindsItsLabelsAndLabelsFileIsRefused() {
        Path images = SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz");
        assertThat(Datasets.open(images).open().next().label()).isEqualTo(7);
        assertThatThrownBy(() -> Datasets.open(SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz")))
                .hasMessageContaining("labels file");
    }

    @Test
    void unknownFilesAndMissingPathsAreInvalidInput() throws IOException {
        Path txt = dir.resolve("notes.txt");
        Files.writeString(txt, "hello");
        assertThatThrownBy(() -> Datasets.open(txt)).isInstanceOf(InvalidInputException.class).hasMessageContaining("cannot tell");
        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> Datasets.open(empty)).hasMessageContaining("empty file");
        assertThatThrownBy(() -> Datasets.open(dir.resolve("nope"))).hasMessageContaining("no such file");
    }

    @Test
    void contactSheetDrawsRequestedSamplesWithLabelStrip() {
        Path png = dir.resolve("sheet.png");
        ContactSheet.Sheet sheet = ContactSheet.write(Datasets.open(SharedData.mnist()).open(Set.of("test")), 12, 4, 2, png);
        assertThat(sheet.samples()).isEqualTo(12);
        assertThat(Files.exists(png)).isTrue();
        // 4 columns of 56 px + gaps; 3 rows of 56 px + label strip
        assertThat(sheet.image().getWidth()).isEqualTo(4 + 4 * (56 + 4));
        assertThat(sheet.image().getHeight()).isEqualTo(4 + 3 * (56 + 5 * 2 + 4 + 4));
        // the label under the first digit (a 7) is drawn in the ink colour
        boolean ink = false;
        for (int y = 4 + 56; y < 4 + 56 + 14; y++) for (int x = 4; x < 60; x++) ink |= (sheet.image().getRGB(x, y) & 0xFFFFFF) == 0xFFD54F;
        assertThat(ink).isTrue();
    }
}
