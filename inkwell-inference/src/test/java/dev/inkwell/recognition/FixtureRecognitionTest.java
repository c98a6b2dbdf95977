package dev.inkwell.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.inference.Classification;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.testkit.Mnist8;
import dev.inkwell.testkit.NaiveResize;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every hand-made fixture (label = file name up to "__") with mnist-8 through Inkwell's preprocessing and,
 * for comparison, through naive whole-picture resizing; writes the comparison to
 * {@code target/recognition-report/report.md} with the 28×28 images both ways.
 */
class FixtureRecognitionTest {
    private static final Logger LOG = LoggerFactory.getLogger(FixtureRecognitionTest.class);
    private static final Path REPORT = Path.of("target", "recognition-report");
    private static final List<String> ROWS = new ArrayList<>();
    private static int inkwellCorrect;
    private static int naiveCorrect;
    private static int naiveComparable;

    private final Recognizer recognizer = new Recognizer(Mnist8.classifier(), PreprocessOptions.DEFAULT);

    @BeforeAll
    static void clean() throws IOException {
        Files.createDirectories(REPORT);
        ROWS.clear();
    }

    static List<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(FixtureRecognitionTest.class.getResource("/fixtures").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains("__")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureIsReadCorrectly() throws Exception {
        return fixtures().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }

    private void check(Path file) throws IOException {
        String name = file.getFileName().toString();
        String expected = name.substring(0, name.indexOf("__"));
        byte[] bytes = Files.readAllBytes(file);
        Recognition r = recognizer.recognize(bytes, name);

        BufferedImage picture = ImageDecoder.decode(bytes);
        GrayImage naiveInput = NaiveResize.toModelInput(picture);
        Classification naive = Mnist8.classifier().classify(naiveInput);
        String stem = name.substring(0, name.lastIndexOf('.'));
        for (int i = 0; i < r.digits().size(); i++) {
            Files.write(REPORT.resolve(stem + ".inkwell-" + i + ".png"), GrayImages.toPng(r.digits().get(i).modelInput(), 4));
        }
        Files.write(REPORT.resolve(stem + ".naive.png"), GrayImages.toPng(naiveInput, 4));

        boolean ok = r.number().equals(expected);
        synchronized (ROWS) {
            if (ok) inkwellCorrect++;
            String naiveCell = "—";
            if (expected.length() == 1) { // naive resizing has no notion of several digits
                naiveComparable++;
                if (naive.name().equals(expected)) naiveCorrect++;
                naiveCell = naive.name() + " (" + pct(naive.probability()) + ")" + (naive.name().equals(expected) ? "" : " ✗");
            }
            var rep = r.report();
            ROWS.add(String.format("| %s | %s | %s (%s)%s | %s | %s | %s | %.3f | %.2f→%+.2f | %s |", name, expected, r.number(),
                    pct((float) r.numberProbability()), ok ? "" : " ✗", r.confidence().confident() ? "yes" : "no", naiveCell,
                    rep.polarity(), rep.scale(), rep.strokeWidth(), rep.strokeAdjustment(), rep.digitsFound()));
        }
        assertThat(r.number()).as("%s read as %s (report %s)", name, r.number(), r.report()).isEqualTo(expected);
    }

    private static String pct(float p) {
        return String.format("%.1f %%", p * 100);
    }

    @AfterAll
    static void writeReport() {
        StringBuilder s = new StringBuilder();
        s.append("# Fixtures read by mnist-8: Inkwell preprocessing vs naive resizing\n\n");
        s.append(String.format("Inkwell: %d/%d correct. Naive resize to 28×28 (single digits): %d/%d correct.%n%n",
                inkwellCorrect, ROWS.size(), naiveCorrect, naiveComparable));
        s.append("| fixture | label | Inkwell (p) | confident | naive (p) | polarity | scale | stroke px (28×28) | digits |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        ROWS.stream().sorted().forEach(row -> s.append(row).append('\n'));
        s.append("\nThe 28×28 images the model saw are beside this report: *.inkwell-N.png and *.naive.png (4× zoom).\n");
        AtomicFiles.write(REPORT.resolve("report.md"), out -> out.write(s.toString().getBytes(StandardCharsets.UTF_8)));
        LOG.info("\n{}", s);
    }
}
