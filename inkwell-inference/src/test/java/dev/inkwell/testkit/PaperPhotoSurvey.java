package dev.inkwell.testkit;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.Recognizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code count} random photos ({@link PaperPhotos#random}) from seed {@code from} on with mnist-8 and counts
 * how many come out right, and how many wrong ones say they are not confident; {@code --flat} lights the same
 * pages evenly, for the ceiling. The figures in docs/recognition.md come from it:
 * {@code java -cp ... dev.inkwell.testkit.PaperPhotoSurvey 2000 100 [--flat]} (classpath as in bench/recognition.sh).
 */
public final class PaperPhotoSurvey {
    private PaperPhotoSurvey() {
    }

    public static void main(String[] args) throws IOException {
        long from = Long.parseLong(args[0]);
        int count = Integer.parseInt(args[1]);
        boolean flat = args.length > 2 && args[2].equals("--flat");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Recognizer recognizer = new Recognizer(Mnist8.classifier(), PreprocessOptions.DEFAULT);
        int right = 0;
        int flagged = 0;
        for (long seed = from; seed < from + count; seed++) {
            PaperPhotos.Spec spec = flat ? evenlyLit(PaperPhotos.random(seed)) : PaperPhotos.random(seed);
            try {
                Recognition r = recognizer.recognize(PaperPhotos.jpeg(spec), spec.fileName());
                if (r.number().equals(spec.number())) {
                    right++;
                    continue;
                }
                if (!r.confidence().confident()) flagged++;
                out.printf("%s: read %s (%.1f %%)%s%n", spec.fileName(), r.number(), 100 * r.numberProbability(),
                        r.confidence().confident() ? "" : ", not confident");
            } catch (InvalidInputException e) {
                out.printf("%s: %s%n", spec.fileName(), e.getMessage());
            }
        }
        out.printf("%s: %d / %d read right; of the %d misread, %d said they were not confident%n",
                flat ? "evenly lit" : "uneven light", right, count, count - right, flagged);
    }

    private static PaperPhotos.Spec evenlyLit(PaperPhotos.Spec s) {
        return new PaperPhotos.Spec(s.number(), s.description(), s.width(), s.height(), s.pen(), s.ink(),
                new PaperPhotos.Light(0, 0, 0, 0, 0, 0, null), s.noise(), s.jpegQuality(), s.seed());
    }
}
