package dev.inkwell.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.RgbImage;
import dev.inkwell.model.ModelFiles;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ImageClassifier} on ONNX Runtime: one {@link OrtSession} per model, shared by all threads (ORT sessions
 * are safe for concurrent {@code run}), inputs batched into as few runs as the model allows.
 *
 * <p>The input tensor's layout (N×1×28×28, N×28×28×1, N×28×28, N×784, N×3×32×32…) is read from the model; grey
 * images are replicated into 3 channels for RGB models. A model whose batch dimension is fixed (mnist-8: 1) is
 * run once per chunk of that size. Outputs are turned into probabilities with softmax unless a row already is a
 * probability distribution (all values in 0–1 summing to 1).
 *
 * <p>The card comes from, in order: the caller; {@code <stem>.card.json} or {@code model.card.json} beside the
 * model; the ONNX metadata property {@code inkwell.card} (a card as JSON); the cards Inkwell knows for public
 * models, matched by SHA-256 ({@link KnownModels}); else {@link ModelCards#defaults documented defaults}.
 */
public final class OnnxImageClassifier implements ImageClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxImageClassifier.class);
    /** Dynamic-batch models are still run in chunks, so one huge request cannot allocate without bound. */
    static final int MAX_RUN_BATCH = 256;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final TensorLayout layout;
    private final ModelCard card;
    private final PixelScaling scaling;
    private final int classCount;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxImageClassifier(OrtEnvironment env, OrtSession session, String inputName, TensorLayout layout,
                                ModelCard card, int classCount) {
        this.env = env;
        this.session = session;
        this.inputName = inputName;
        this.layout = layout;
        this.card = card;
        this.scaling = PixelScaling.of(card.input());
        this.classCount = classCount;
    }

    /** Loads a resolved model: its network, with its card when it has one (else the fallbacks described above). */
    public static OnnxImageClassifier load(ModelFiles files, int intraOpThreads) {
        return load(files.onnx(), files.hasCard() ? ModelCards.read(files.card()) : null, intraOpThreads);
    }

    /**
     * Loads ONNX Runtime's native library and creates its environment (~25 ms on a cold start), so that a model
     * loaded later finds them ready: a starting server does it on a spare thread.
     */
    public static void prepareRuntime() {
        OrtEnvironment.getEnvironment();
    }

    /**
     * Loads {@code onnx}. {@code cardOrNull} overrides any card found beside it; {@code intraOpThreads} ≤ 0 lets
     * ONNX Runtime choose (one per core).
     */
    public static OnnxImageClassifier load(Path onnx, ModelCard cardOrNull, int intraOpThreads) {
        InputLocation where = InputLocation.file(onnx.toString());
        if (!Files.isRegularFile(onnx)) {
            throw new InvalidInputException(where, "model file not found");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            // ONNX Runtime's CPU arena keeps the largest batch's buffers for good and grows in chunks; these models'
            // tensors are small, so plain malloc per run costs little and keeps a server's RSS at what it uses now
            options.setCPUArenaAllocator(false);
            options.setMemoryPatternOptimization(false);
            try {
                session = env.createSession(onnx.toString(), options);
            } catch (OrtException e) {
                throw new InvalidInputException(where, "not a loadable ONNX model: " + firstLine(e.getMessage()), e);
            }
            OnnxImageClassifier classifier = open(env, session, onnx, cardOrNull);
            session = null; // owned by the classifier now
            return classifier;
        } catch (OrtException e) {
            throw new InkwellException("cannot configure ONNX Runtime for " + onnx + ": " + e.getMessage(), e);
        } finally {
            if (session != null) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // closing a session that failed to open
                }
            }
        }
    }

    private static OnnxImageClassifier open(OrtEnvironment env, OrtSession session, Path onnx, ModelCard given)
            throws OrtException {
        InputLocation where = InputLocation.file(onnx.toString());
        if (session.getNumInputs() != 1) {
            throw new InvalidInputException(where, "model has " + session.getNumInputs() + " inputs; an image classifier has one");
        }
        Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
        if (!(input.getValue().getInfo() instanceof TensorInfo inputInfo) || inputInfo.type != OnnxJavaType.FLOAT) {
            throw new InvalidInputException(where, "model input '" + input.getKey() + "' is not a float tensor: "
                    + input.getValue().getInfo());
        }
        String stem = ModelFiles.stem(onnx);
        OnnxModelMetadata metadata = session.getMetadata();
        ModelCard card = given;
        String source = "caller";
        if (card == null) {
            ModelFiles beside = ModelFiles.besideOnnx(onnx);
            if (beside.hasCard()) {
                card = ModelCards.read(beside.card());
                source = beside.card().toString();
            }
        }
        if (card == null) {
            String json = metadata.getCustomMetadataValue("inkwell.card").orElse(null);
            if (json != null) {
                card = ModelCards.parse(json.getBytes(StandardCharsets.UTF_8), onnx + " (metadata inkwell.card)");
                source = "ONNX metadata";
            }
        }
        if (card == null) {
            card = KnownModels.cardFor(onnx).orElse(null);
            if (card != null) source = "known public model (SHA-256 match)";
        }
        TensorLayout layout;
        try {
            layout = card == null
                    ? TensorLayout.fromShape(inputInfo.getShape(), 0, 0, 0)
                    : TensorLayout.fromShape(inputInfo.getShape(), card.inputWidth(), card.inputHeight(), card.inputChannels());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(where, e.getMessage(), e);
        }
        String architecture = metadata.getProducerName() + " " + metadata.getGraphName();
        ModelCard provisional = card == null
                ? ModelCards.defaults(stem, architecture.trim(), layout, 1)
                : ModelCards.complete(card, stem, layout, 1);
        OnnxImageClassifier probe = new OnnxImageClassifier(env, session, input.getKey(), layout, provisional, 0);
        int classes;
        try {
            classes = probe.outputWidth(); // one run on a blank input: learns the class count and warms up
        } catch (OrtException | RuntimeException e) {
            throw new InvalidInputException(where, "model does not run on a blank " + layout.width() + "×" + layout.height()
                    + " input: " + firstLine(e.getMessage()), e);
        }
        ModelCard complete = card == null
                ? ModelCards.defaults(stem, architecture.trim(), layout, classes)
                : ModelCards.complete(card, stem, layout, classes);
        if (complete.classCount() != classes) {
            throw new InvalidInputException(where, "model card names " + complete.classCount() + " classes but the model outputs "
                    + classes);
        }
        if (complete.inputWidth() != layout.width() || complete.inputHeight() != layout.height()) {
            throw new InvalidInputException(where, "model card says input " + complete.inputWidth() + "×" + complete.inputHeight()
                    + " but the model takes " + layout.width() + "×" + layout.height());
        }
        LOG.info("loaded model {} ({}): input {} {} {}×{}×{} batch {}, {} classes, scaling {}, card from {}",
                complete.name(), onnx.getFileName(), input.getKey(), layout.kind(), layout.channels(), layout.height(),
                layout.width(), layout.batch() < 0 ? "dynamic" : layout.batch(), classes, complete.inputScaling(), source);
        return new OnnxImageClassifier(env, session, input.getKey(), layout, complete, classes);
    }

    @Override
    public ModelCard card() {
        return card;
    }

    /** How the model takes its input, e.g. "NCHW 1×28×28, batch 1" (for logs and reports). */
    public String inputDescription() {
        return layout.kind() + " " + layout.channels() + "×" + layout.height() + "×" + layout.width() + ", batch "
                + (layout.batch() < 0 ? "dynamic" : Integer.toString(layout.batch()));
    }

    @Override
    public List<Classification> classify(List<GrayImage> inputs) {
        for (int i = 0; i < inputs.size(); i++) checkSize(inputs.get(i).width(), inputs.get(i).height(), i);
        return classifyAll(inputs, this::write);
    }

    /** RGB models see the colours; grey models their luma. */
    @Override
    public List<Classification> classifyRgb(List<RgbImage> inputs) {
        if (layout.channels() != 3) return ImageClassifier.super.classifyRgb(inputs);
        for (int i = 0; i < inputs.size(); i++) checkSize(inputs.get(i).width(), inputs.get(i).height(), i);
        return classifyAll(inputs, this::write);
    }

    private void checkSize(int width, int height, int index) {
        if (width != layout.width() || height != layout.height()) {
            throw new InvalidInputException(InputLocation.record("<batch>", index), "image is " + width + "×"
                    + height + " but model " + card.name() + " takes " + layout.width() + "×" + layout.height());
        }
    }

    private <T> List<Classification> classifyAll(List<T> inputs, BiConsumer<T, FloatBuffer> writer) {
        if (inputs.isEmpty()) return List.of();
        ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
        lock.lock();
        try {
            if (closed) throw new IllegalStateException("classifier " + card.name() + " is closed");
            int chunk = layout.batch() > 0 ? layout.batch() : MAX_RUN_BATCH;
            List<Classification> out = new ArrayList<>(inputs.size());
            for (int from = 0; from < inputs.size(); from += chunk) {
                List<T> part = inputs.subList(from, Math.min(inputs.size(), from + chunk));
                float[][] rows = run(part, writer, layout.batch() > 0 ? layout.batch() : part.size());
                for (int i = 0; i < part.size(); i++) out.add(toClassification(rows[i]));
            }
            return out;
        } catch (OrtException e) {
            throw new InkwellException("inference failed in model " + card.name() + ": " + firstLine(e.getMessage()), e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code images} padded with blank inputs to {@code runSize}; returns the raw output rows of the images. */
    private <T> float[][] run(List<T> images, BiConsumer<T, FloatBuffer> writer, int runSize) throws OrtException {
        int per = layout.valuesPerImage();
        FloatBuffer data = FloatBuffer.allocate(runSize * per);
        for (T img : images) {
            writer.accept(img, data);
        }
        data.rewind();
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, data, layout.shape(runSize));
             OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
            OnnxValue value = result.get(0);
            if (!(value instanceof OnnxTensor output) || output.getInfo().type != OnnxJavaType.FLOAT) {
                throw new InkwellException("model " + card.name() + " does not output a float tensor");
            }
            FloatBuffer scores = output.getFloatBuffer();
            int total = scores.remaining();
            if (total % runSize != 0 || total == 0) {
                throw new InkwellException("model output of " + total + " values cannot be split into " + runSize + " rows");
            }
            int width = total / runSize;
            float[][] rows = new float[images.size()][width];
            for (int i = 0; i < images.size(); i++) {
                scores.get(i * width, rows[i]);
            }
            return rows;
        }
    }

    private void write(GrayImage img, FloatBuffer data) {
        float[] px = img.pixels();
        int c = layout.channels();
        switch (layout.kind()) {
            case NCHW -> {
                for (int ch = 0; ch < c; ch++) {
                    for (float v : px) data.put(scaling.apply(v));
                }
            }
            case NHWC, FLAT -> { // FLAT is row-major pixels with channels interleaved, as in a reshape of NHWC
                for (float v : px) {
                    float s = scaling.apply(v);
                    for (int ch = 0; ch < c; ch++) data.put(s);
                }
            }
            case NHW -> {
                for (float v : px) data.put(scaling.apply(v));
            }
        }
    }

    /** An RGB image into a 3-channel layout: planes for NCHW, interleaved as it is for NHWC and flat inputs. */
    private void write(RgbImage img, FloatBuffer data) {
        float[] px = img.pixels();
        if (layout.kind() == TensorLayout.Kind.NCHW) {
            for (int ch = 0; ch < 3; ch++) {
                for (int i = ch; i < px.length; i += 3) data.put(scaling.apply(px[i]));
            }
        } else {
            for (float v : px) data.put(scaling.apply(v));
        }
    }

    private int outputWidth() throws OrtException {
        int runSize = layout.batch() > 0 ? layout.batch() : 1;
        float[][] rows = run(List.of(new GrayImage(layout.width(), layout.height(), new float[layout.width() * layout.height()])),
                this::write, runSize);
        return rows[0].length;
    }

    private Classification toClassification(float[] scores) {
        float[] p = Probabilities.isDistribution(scores) ? scores.clone() : Probabilities.softmax(scores);
        List<String> names = card.classNames();
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) best = i;
        }
        List<ClassScore> ranked = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) ranked.add(new ClassScore(i, names.get(i), p[i]));
        ranked.sort(Comparator.comparingDouble((ClassScore s) -> s.probability()).reversed()
                .thenComparingInt(ClassScore::index));
        List<ClassScore> top = List.copyOf(ranked.subList(0, Math.min(3, ranked.size())));
        return new Classification(best, names.get(best), p[best], p, top);
    }

    @Override
    public void close() {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock(); // waits for in-flight runs
        try {
            if (closed) return;
            closed = true;
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing model {}: {}", card.name(), e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown error";
        return message.lines().findFirst().orElse(message);
    }
}
