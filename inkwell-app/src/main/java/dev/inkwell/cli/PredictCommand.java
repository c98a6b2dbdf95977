package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.serving.ServingConfig;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.inference.ClassScore;
import dev.inkwell.inference.InputScaling;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.inference.Preprocessing;
import dev.inkwell.model.ModelRef;
import dev.inkwell.preprocess.Box;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Confidence;
import dev.inkwell.recognition.DigitReading;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.recognition.RecognitionSheet;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.serving.fetch.ImageFetcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Read handwritten digits in pictures: files, folders (their pictures, sorted) or https URLs.",
                "Prints per picture the label, its probability and the top 3; for several digits the whole number."})
public final class PredictCommand implements Callable<Integer> {
    /** The fetcher's refusals speak of the URL's parts; the CLI line must also name which input it was. */
    private static byte[] fetchNamingTheUrl(ImageFetcher fetcher, String url) {
        try {
            return fetcher.fetch(url);
        } catch (InkwellException e) {
            throw new InkwellException(url + ": " + e.getMessage(), e);
        }
    }

    private static final Set<String> PICTURES = Set.of("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff");

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    BucketOptions buckets;

    @Option(names = "--model", paramLabel = "MODEL", converter = ModelRefConverter.class,
            description = "The model: " + ModelRefConverter.SYNTAX + ". Default: mnist.")
    ModelRef model = ModelRef.DEFAULT;

    @Option(names = "--show", paramLabel = "OUT.png", description = "Also write the 28×28 images the model saw, with their readings.")
    Path show;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime intra-op threads (0: one per core).")
    int threads;

    @Option(names = "--deskew", description = "Straighten slanted writing before reading it.")
    boolean deskew;

    @Option(names = "--single", description = "Read each picture as one digit (no multi-digit segmentation).")
    boolean single;

    @Parameters(arity = "1..*", paramLabel = "IMAGE|DIR|URL", description = "Pictures to read.")
    List<String> inputs;

    /** One input's outcome: what was read, or why not. */
    record Outcome(String input, Recognition recognition, String error) {
    }

    @Override
    public Integer call() {
        if (threads < 0) throw new InkwellException("--threads must be 0 or more");
        List<String> pictures = expand(inputs);
        PreprocessOptions options = PreprocessOptions.DEFAULT.withDeskew(deskew).withSegment(!single);
        List<Outcome> outcomes = new ArrayList<>();
        ModelCard card;
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelLookup.resolvers(store, buckets).resolve(model), threads);
             ImageFetcher fetcher = new ImageFetcher(ServingConfig.Fetch.defaults())) {
            card = classifier.card();
            Recognizer recognizer = new Recognizer(classifier, options);
            for (String picture : pictures) {
                try {
                    byte[] bytes = ImageFetcher.looksLikeUrl(picture) ? fetchNamingTheUrl(fetcher, picture) : read(picture);
                    outcomes.add(new Outcome(picture, recognizer.recognize(bytes, picture), null));
                } catch (InkwellException | UncheckedIOException e) {
                    outcomes.add(new Outcome(picture, null, e.getMessage()));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (common.json()) {
            JsonOutput.print(out, new PredictionsJson(new JsonModel(card.name(), card.version(), card.inputScaling(), card.preprocessing()),
                    outcomes.stream().map(o -> toJson(o, card)).toList()));
        } else {
            for (Outcome o : outcomes) {
                if (o.recognition() == null) {
                    err.println("error: " + o.error()); // the message names the input
                } else {
                    printText(out, o.input(), o.recognition());
                }
            }
            out.flush();
            err.flush();
        }
        if (show != null) {
            List<RecognitionSheet.Entry> entries = outcomes.stream().filter(o -> o.recognition() != null)
                    .map(o -> new RecognitionSheet.Entry(shortName(o.input()), o.recognition())).toList();
            byte[] png = RecognitionSheet.png(entries);
            AtomicFiles.write(show, stream -> stream.write(png));
            if (!common.json()) out.println("model inputs written to " + show);
            out.flush();
        }
        return outcomes.stream().anyMatch(o -> o.recognition() == null) ? Cli.FAILURE : Cli.OK;
    }

    private static byte[] read(String file) {
        Path path;
        try {
            path = Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InkwellException(file + ": not a valid path");
        }
        if (!Files.isRegularFile(path)) throw new InkwellException(file + ": no such file");
        try {
            long size = Files.size(path);
            if (size > dev.inkwell.image.ImageLimits.DEFAULT.maxBytes()) {
                throw new InkwellException(file + ": " + size + " bytes, more than the limit of "
                        + dev.inkwell.image.ImageLimits.DEFAULT.maxBytes());
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Folders become their pictures (recursively, sorted); files and URLs stay as given. */
    static List<String> expand(List<String> inputs) {
        List<String> out = new ArrayList<>();
        for (String input : inputs) {
            if (!ImageFetcher.looksLikeUrl(input) && isDirectory(input)) {
                try (Stream<Path> files = Files.walk(Path.of(input))) {
                    List<String> found = files.filter(Files::isRegularFile).filter(PredictCommand::isPicture)
                            .map(Path::toString).sorted().toList();
                    if (found.isEmpty()) throw new InkwellException(input + ": no pictures in this folder");
                    out.addAll(found);
                } catch (IOException e) {
                    throw new UncheckedIOException(input + ": cannot list: " + e.getMessage(), e);
                }
            } else {
                out.add(input);
            }
        }
        return out;
    }

    private static String shortName(String input) {
        if (ImageFetcher.looksLikeUrl(input)) return input;
        int slash = Math.max(input.lastIndexOf('/'), input.lastIndexOf('\\'));
        return input.substring(slash + 1);
    }

    private static boolean isDirectory(String input) {
        try {
            return Files.isDirectory(Path.of(input));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private static boolean isPicture(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && PICTURES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static void printText(PrintWriter out, String input, Recognition r) {
        Confidence confidence = r.confidence();
        String doubt = confidence.confident() ? "" : "  [not confident: " + confidence.reason() + "]";
        if (r.digits().size() == 1) {
            DigitReading d = r.primary();
            out.printf("%s: %s (%s)  top 3: %s%s%n", input, d.classification().name(),
                    pct(d.classification().probability()), top(d.classification().top()), doubt);
            return;
        }
        out.printf("%s: number %s (%s, %d digits)%s%n", input, r.number(), pct(r.numberProbability()), r.digits().size(), doubt);
        for (DigitReading d : r.digits()) {
            Box b = d.box();
            out.printf("    %s (%s) at %d,%d %d×%d  top 3: %s%n", d.classification().name(),
                    pct(d.classification().probability()), b.x(), b.y(), b.width(), b.height(), top(d.classification().top()));
        }
    }

    private static String top(List<ClassScore> scores) {
        List<String> parts = new ArrayList<>();
        for (ClassScore s : scores) parts.add(s.name() + " " + pct(s.probability()));
        return String.join(", ", parts);
    }

    private static String pct(double p) {
        return String.format(Locale.ROOT, "%.1f %%", p * 100);
    }

    record PredictionsJson(JsonModel model, List<JsonResult> results) {
    }

    record JsonModel(String name, String version, InputScaling inputScaling, Preprocessing preprocessing) {
    }

    /** One input: its name and either why it could not be read or the reading, in the server's response shape. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JsonResult(String input, String error, @JsonUnwrapped RecognitionJson reading) {
    }

    private static JsonResult toJson(Outcome o, ModelCard card) {
        if (o.recognition() == null) return new JsonResult(o.input(), o.error(), null);
        return new JsonResult(o.input(), null,
                RecognitionJson.of(null, card, o.recognition(), RecognitionJson.Debug.REPORT, Map.of()).inBatch());
    }
}
