package dev.inkwell.monitor;

import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.image.GrayImage;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelResolvers;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.Recognizer;
import dev.inkwell.registry.endpoint.CaptureSettings;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.endpoint.ResolvedModel;
import dev.inkwell.serving.input.PredictInput;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real bundled models, loaded once per test JVM, and real prediction events made with them. */
public final class TestModels {
    private static final Map<String, TestModel> LOADED = new ConcurrentHashMap<>();

    private TestModels() {
    }

    /** A bundled model as serving has it: its recognizer and its resolved identity. */
    public record TestModel(Recognizer recognizer, ResolvedModel resolved) {
        /** Reads pictures (each its own input, as a batch request sends them). */
        public List<Recognition> readPictures(List<byte[]> pngs) {
            return pngs.stream().map(b -> recognizer.recognize(b, "body")).toList();
        }

        /** Reads pixel rows (model space, as Kaggle rows and MNIST records come). */
        public List<Recognition> readPixels(List<GrayImage> images) {
            return recognizer.recognizeModelInputs(images);
        }

        /** The event serving tells its listeners of, for a request of these inputs read at {@code at}. */
        public PredictionEvent event(String endpoint, String variant, boolean shadow, List<PredictInput> inputs, List<Recognition> read,
                                     CaptureSettings capture, Instant at) {
            return new PredictionEvent(endpoint, variant, resolved, shadow, inputs, read, List.of(), capture, at, 1_234_567);
        }

        /** An event of encoded pictures ({@code $[i]} each), read now by the model. */
        public PredictionEvent picturesEvent(String endpoint, String variant, List<byte[]> pictures, CaptureSettings capture, Instant at) {
            List<PredictInput> inputs = new ArrayList<>();
            for (int i = 0; i < pictures.size(); i++) inputs.add(new PredictInput.EncodedImage(pictures.get(i), "$[" + i + "]"));
            return event(endpoint, variant, false, inputs, readPictures(pictures), capture, at);
        }

        /** An event of pixel-row inputs, read now by the model. */
        public PredictionEvent pixelsEvent(String endpoint, List<GrayImage> images, CaptureSettings capture, Instant at) {
            List<PredictInput> inputs = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) inputs.add(new PredictInput.ModelPixels(images.get(i), "$[" + i + "]"));
            return event(endpoint, "primary", false, inputs, readPixels(images), capture, at);
        }
    }

    public static TestModel model(String name) {
        return LOADED.computeIfAbsent(name, n -> {
            ModelFiles files = ModelResolvers.defaults().resolve(n);
            OnnxImageClassifier classifier = OnnxImageClassifier.load(files, 1);
            ResolvedModel resolved = new ResolvedModel("bundled:" + n, classifier.card().name(), classifier.card().version(), "sha-" + n, files);
            return new TestModel(new Recognizer(classifier, PreprocessOptions.DEFAULT), resolved);
        });
    }

    /** The first {@code count} images of a dataset's split after skipping {@code skip}, as model-space images. */
    public static List<GrayImage> images(Path dataset, String split, int skip, int count) {
        Dataset d = Datasets.open(dataset).split(split);
        List<GrayImage> out = new ArrayList<>(count);
        try (SampleReader r = d.open()) {
            int seen = 0;
            for (Sample s = r.next(); s != null && out.size() < count; s = r.next()) {
                if (seen++ < skip) continue;
                float[] px = new float[s.pixels().length];
                for (int i = 0; i < px.length; i++) px[i] = s.pixels()[i] & 0xff;
                out.add(new GrayImage(s.width(), s.height(), px));
            }
        }
        return out;
    }

    /** White becomes black: the digit as dark ink on light paper, as the model never saw in training. */
    public static GrayImage inverted(GrayImage g) {
        float[] px = g.pixels().clone();
        for (int i = 0; i < px.length; i++) px[i] = 255 - px[i];
        return new GrayImage(g.width(), g.height(), px);
    }

    /** Turned a quarter clockwise. */
    public static GrayImage rotated(GrayImage g) {
        int w = g.width();
        int h = g.height();
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) px[x * h + (h - 1 - y)] = g.at(x, y);
        }
        return new GrayImage(h, w, px);
    }
}
