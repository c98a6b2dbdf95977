package dev.inkwell.recognition;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.image.ImageLimits;
import dev.inkwell.inference.Classification;
import dev.inkwell.inference.ImageClassifier;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.Preprocessing;
import dev.inkwell.preprocess.Box;
import dev.inkwell.preprocess.DigitCrop;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.preprocess.PreprocessResult;
import dev.inkwell.preprocess.Preprocessor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads pictures with a classifier: decode, preprocess with the profile the model's card asks for, classify.
 * Every picture costs exactly one {@link ImageClassifier#classify(List)} call holding all its digits, so a
 * batching classifier can merge concurrent requests. Thread-safe when the classifier is.
 */
public final class Recognizer {
    private static final String DEFAULT_NAME = "<image>";

    private final ImageClassifier classifier;
    private final Preprocessor preprocessor;
    private final ImageLimits limits;

    public Recognizer(ImageClassifier classifier, PreprocessOptions options) {
        this(classifier, options, ImageLimits.DEFAULT);
    }

    public Recognizer(ImageClassifier classifier, PreprocessOptions options, ImageLimits limits) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.preprocessor = preprocessorFor(classifier.card(), Objects.requireNonNull(options, "options"));
    }

    /** The MNIST profile for digit models, the resize profile (to the model's size) for anything else. */
    static Preprocessor preprocessorFor(ModelCard card, PreprocessOptions options) {
        if (card.preprocessing() == Preprocessing.RESIZE) {
            return Preprocessor.resize(card.inputWidth(), card.inputHeight());
        }
        if (card.inputWidth() != 28 || card.inputHeight() != 28) {
            throw new IllegalArgumentException("model " + card.name() + " takes " + card.inputWidth() + "×"
                    + card.inputHeight() + " input; the mnist preprocessing profile makes 28×28");
        }
        return Preprocessor.mnist(options);
    }

    public ImageClassifier classifier() {
        return classifier;
    }

    public Preprocessor preprocessor() {
        return preprocessor;
    }

    public Recognition recognize(byte[] encodedImage) {
        return recognize(encodedImage, DEFAULT_NAME);
    }

    /** Decodes (within the limits) and reads {@code encodedImage}; {@code sourceName} names it in errors. */
    public Recognition recognize(byte[] encodedImage, String sourceName) {
        long start = System.nanoTime();
        PreprocessResult pre;
        // the decoded arrays go back for the next picture once preprocessed: its crops and report share none of them
        try (ImageDecoder.DecodedLuma decoded = ImageDecoder.decodeLumaAtMost(encodedImage, limits, sourceName,
                preprocessor.neededSide())) {
            pre = preprocessor.process(decoded.image(), decoded.sourceWidth(), decoded.sourceHeight());
        }
        return recognize(pre, sourceName, start);
    }

    public Recognition recognize(BufferedImage image) {
        long start = System.nanoTime();
        return recognize(preprocessor.process(image), DEFAULT_NAME, start);
    }

    private Recognition recognize(PreprocessResult pre, String sourceName, long start) {
        if (pre.digits().isEmpty()) {
            throw new InvalidInputException(InputLocation.file(sourceName),
                    "no ink found: the picture is blank or has too little contrast");
        }
        long preprocessed = System.nanoTime();
        List<GrayImage> inputs = new ArrayList<>(pre.digits().size());
        for (DigitCrop d : pre.digits()) inputs.add(d.image());
        List<Classification> results = classifier.classify(inputs);
        long classified = System.nanoTime();
        List<DigitReading> readings = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            DigitCrop d = pre.digits().get(i);
            readings.add(new DigitReading(d.box(), d.image(), results.get(i)));
        }
        return new Recognition(readings, number(readings), pre.report(),
                new Timings((preprocessed - start) / 1000, (classified - preprocessed) / 1000));
    }

    /** Reads an input already in model space (Kaggle pixel rows, MNIST records): no preprocessing at all. */
    public Recognition recognizeModelInput(GrayImage alreadyModelSpace) {
        return recognizeModelInputs(List.of(alreadyModelSpace)).getFirst();
    }

    /** Reads many model-space inputs in one classifier call. */
    public List<Recognition> recognizeModelInputs(List<GrayImage> inputs) {
        if (inputs.isEmpty()) return List.of();
        ModelCard card = classifier.card();
        for (int i = 0; i < inputs.size(); i++) {
            GrayImage g = inputs.get(i);
            if (g.width() != card.inputWidth() || g.height() != card.inputHeight()) {
                throw new InvalidInputException(InputLocation.record("<input>", i), "expected " + card.inputWidth()
                        + "×" + card.inputHeight() + " pixels for model " + card.name() + ", got " + g.width() + "×" + g.height());
            }
            float[] px = g.pixels();
            for (int j = 0; j < px.length; j++) {
                if (!(px[j] >= 0 && px[j] <= 255)) { // also catches NaN
                    throw new InvalidInputException(new InputLocation("<input>", 0, j + 1, i),
                            "pixel " + j + " is " + px[j] + ": expected a value from 0 to 255");
                }
            }
        }
        long start = System.nanoTime();
        List<Classification> results = classifier.classify(inputs);
        long perInput = (System.nanoTime() - start) / 1000 / inputs.size();
        List<Recognition> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            GrayImage g = inputs.get(i);
            DigitReading reading = new DigitReading(new Box(0, 0, g.width(), g.height()), g, results.get(i));
            out.add(new Recognition(List.of(reading), reading.classification().name(), null, new Timings(0, perInput)));
        }
        return out;
    }

    private static String number(List<DigitReading> readings) {
        StringBuilder s = new StringBuilder();
        for (DigitReading r : readings) s.append(r.classification().name());
        return s.toString();
    }
}
