package dev.inkwell.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    @TempDir
    Path dir;

    private static String pixelHeader(int n) {
        return IntStream.range(0, n).mapToObj(i -> "pixel" + i).collect(Collectors.joining(","));
    }

    private static String values(int n, int v) {
        return IntStream.range(0, n).mapToObj(i -> Integer.toString((v + i) % 256)).collect(Collectors.joining(","));
    }

    private Path csv(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsKaggleTrainWithHeader() throws IOException {
        Path p = csv("train.csv", "label," + pixelHeader(784) + "\n5," + values(784, 0) + "\n0," + values(784, 9) + "\n");
        List<Sample> s = TestSamples.readAll(CsvReader.open(p, "train"));
        assertThat(s).extracting(Sample::label).containsExactly(5, 0);
        assertThat(s.get(1).shape()).isEqualTo(new Shape(28, 28, 1));
        assertThat(s.get(1).pixel(1, 0, 0)).isEqualTo(10);
        assertThat(s.get(0).source()).isEqualTo("train.csv:2");
    }

    @Test
    void readsKaggleTestWithoutLabelColumn() throws IOException {
        Path p = csv("test.csv", pixelHeader(784) + "\n" + values(784, 3) + "\n");
        Sample s = TestSamples.readAll(CsvReader.open(p, "test")).getFirst();
        assertThat(s.label()).isNull();
        assertThat(s.pixel(0, 0, 0)).isEqualTo(3);
    }

    @Test
    void readsHeaderlessRowsWithAndWithoutLabel() throws IOException {
        assertThat(TestSamples.readAll(CsvReader.open(csv("a.csv", "7," + values(784, 1) + "\n"), "train")).getFirst().label()).isEqualTo(7);
        Sample unlabelled = TestSamples.readAll(CsvReader.open(csv("b.csv", values(784, 1) + "\n"), "train")).getFirst();
        assertThat(unlabelled.label()).isNull();
        assertThat(unlabelled.pixel(0, 0, 0)).isEqualTo(1);
    }

    @Test
    void uuidColumnAnywhereCrlfAndBom() throws IOException {
        String header = "pixel0,pixel1,uuid,label,pixel2,pixel3";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bom);
        b.writeBytes((header + "\r\n1,2,\"60001\",3,4,5\r\n\r\n6,7,abc-def,8,9,10\r\n").getBytes(StandardCharsets.UTF_8));
        Path p = dir.resolve("u.csv");
        Files.write(p, b.toByteArray());
        List<Sample> s = TestSamples.readAll(CsvReader.open(p, "train"));
        assertThat(s).extracting(Sample::uuid).containsExactly("60001", "abc-def");
        assertThat(s).extracting(Sample::label).containsExactly(3, 8);
        assertThat(s.get(1).pixels()).containsExactly(6, 7, 9, 10);
        assertThat(s.get(1).source()).isEqualTo("u.csv:4");
    }

    @Test
    void pixelColumnsMayComeInAnyOrder() throws IOException {
        Path p = csv("o.csv", "pixel3,label,pixel0,pixel2,pixel1\n4,1,1,3,2\n");
        assertThat(TestSamples.readAll(CsvReader.open(p, "train")).getFirst().pixels()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rgbRowsAreRecognisedByTheirLength() throws IOException {
        Path p = csv("rgb.csv", "label," + pixelHeader(12) + "\n2," + values(12, 0) + "\n");
        assertThat(TestSamples.readAll(CsvReader.open(p, "train")).getFirst().shape()).isEqualTo(new Shape(2, 2, 3));
    }

    @Test
    void rowWith783ValuesIsLocated() throws IOException {
        Path p = csv("short.csv", "label," + pixelHeader(784) + "\n1," + values(784, 0) + "\n2," + values(783, 0) + "\n");
        assertThatThrownBy(() -> TestSamples.readAll(CsvReader.open(p, "train")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(p + ", line 3, column 785: expected 785 values (label, pixel0..pixel783), found 784");
    }

    @Test
    void value256IsLocated() throws IOException {
        Path p = csv("big.csv", "1," + values(10, 0) + ",256," + values(773, 0) + "\n");
        assertThatThrownBy(() -> TestSamples.readAll(CsvReader.open(p, "train")))
                .hasMessage(p + ", line 1, column 12: pixel10 must be an integer 0–255, found '256'");
    }

    @Test
    void nonNumberIsLocated() throws IOException {
        Path p = csv("nan.csv", "label," + pixelHeader(4) + "\n1,0,0,0,0\n1,0,x7,0,0\n");
        assertThatThrownBy(() -> TestSamples.readAll(CsvReader.open(p, "train")))
                .hasMessage(p + ", line 3, column 3: pixel1 must be an integer 0–255, found 'x7'");
        Path neg = csv("neg.csv", "1,0,-1,0,0\n");
        assertThatThrownBy(() -> TestSamples.readAll(CsvReader.open(neg, "train"))).hasMessageContaining("found '-1'");
    }

    @Test
    void emptyAndBlankFilesAreRefused() throws IOException {
        Path empty = csv("empty.csv", "");
        assertThatThrownBy(() -> CsvReader.open(empty, "train")).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(empty + ": empty file");
        Path blank = csv("blank.csv", "\r\n  \n");
        assertThatThrownBy(() -> CsvReader.open(blank, "train")).hasMessageContaining("empty file");
    }

    @Test
    void badHeadersAreRefused() throws IOException {
        assertThatThrownBy(() -> CsvReader.open(csv("h1.csv", "label,pixel0,colour\n"), "x"))
                .hasMessageContaining("column 3").hasMessageContaining("'colour'");
        assertThatThrownBy(() -> CsvReader.open(csv("h2.csv", "label,pixel0,pixel0,pixel1,pixel3\n"), "x"))
                .hasMessageContaining("second 'pixel0'");
        assertThatThrownBy(() -> CsvReader.open(csv("h3.csv", "label,pixel0,pixel1\n"), "x"))
                .hasMessageContaining("2 pixel columns");
        assertThatThrownBy(() -> CsvReader.open(csv("h4.csv", "1,2,3,4,5,6,7\n"), "x"))
                .hasMessageContaining("headerless row has 7 values");
    }

    @Test
    void headerlessRowsWithAUuidLastAreWhatImg2csvWrites() throws IOException {
        Sample s = TestSamples.readAll(CsvReader.open(csv("mine.csv", "4," + values(784, 2) + ",60001\n"), "train")).getFirst();
        assertThat(s.label()).isEqualTo(4);
        assertThat(s.uuid()).isEqualTo("60001");
        assertThat(s.pixel(0, 0, 0)).isEqualTo(2);
        assertThat(s.pixel(27, 27, 0)).isEqualTo((2 + 783) % 256);
    }

    @Test
    void writerRoundTripsAllCombinationsOfHeaderAndUuid() {
        List<Sample> samples = TestSamples.random(7, 12, 6, 6, 1, 10, "train");
        for (boolean header : new boolean[] {false, true}) {
            for (boolean uuid : new boolean[] {false, true}) {
                Path p = dir.resolve("rt" + header + uuid + ".csv");
                DatasetConverter.toCsv(SampleReader.of(samples), p, new CsvWriter.Options(header, uuid, 100L), Progress.NONE);
                CsvReader r = CsvReader.open(p, "train");
                assertThat(r.hasHeader()).isEqualTo(header);
                List<Sample> back = TestSamples.readAll(r);
                assertThat(TestSamples.content(back)).isEqualTo(TestSamples.content(samples));
                if (uuid) assertThat(back).extracting(Sample::uuid).startsWith("100", "101");
            }
        }
    }

    @Test
    void writerKeepsOwnUuidsUnlessAStartIsGiven() throws IOException {
        List<Sample> s = List.of(new Sample("a", 1, new byte[] {1}, 1, 1, 1, null, "train"),
                new Sample("b", 2, new byte[] {2}, 1, 1, 1, null, "train"));
        Path p = dir.resolve("own.csv");
        DatasetConverter.toCsv(SampleReader.of(s), p, new CsvWriter.Options(true, true, null), Progress.NONE);
        assertThat(Files.readAllLines(p)).containsExactly("label,pixel0,uuid", "1,1,a", "2,2,b");
    }

    @Test
    void failedConversionLeavesNoFile() {
        Path p = dir.resolve("fail.csv");
        List<Sample> s = List.of(new Sample(null, 1, new byte[4], 2, 2, 1, "a", "train"),
                new Sample(null, 1, new byte[9], 3, 3, 1, "b", "train"));
        assertThatThrownBy(() -> DatasetConverter.toCsv(SampleReader.of(s), p, CsvWriter.Options.PLAIN, Progress.NONE))
                .hasMessageContaining("one size");
        assertThat(dir.toFile().list()).isEmpty();
    }
}
