package dev.inkwell.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.model.ModelFiles;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained network with its input normalisation and history, ready to predict and to export. Owns native memory:
 * close it.
 *
 * @param bestEpoch the epoch whose parameters the model holds (best validation accuracy; the last one without validation)
 */
public record TrainedModel(Network network, Model model, float mean, float std, List<EpochRecord> history,
                           int bestEpoch, boolean stoppedEarly, String dataFingerprint, TrainingOptions options)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrainedModel.class);

    /** A trained network loaded for prediction from its parameters ({@code model.params}). */
    public static TrainedModel load(Architecture architecture, InputShape in, List<String> classNames, WarmStart start) {
        TorchRuntime.engine();
        Network network = architecture.network(in, classNames.size());
        Model model = Model.newInstance("inkwell-" + architecture.id(), TorchRuntime.device(), "PyTorch");
        try {
            SequentialBlock block = network.newBlock();
            model.setBlock(block);
            block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, in.channels(), in.height(), in.width()));
            Checkpoints.loadParameters(start.parameters(), block, model.getNDManager());
            return new TrainedModel(network, model, start.mean(), start.std(), List.of(), 0, false, null, null);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public SequentialBlock block() {
        return (SequentialBlock) model.getBlock();
    }

    /** Softmax probabilities for every image of {@code set}: {@code size × classes} values, row-major. */
    public float[] probabilities(ImageSet set) {
        int k = network.classes();
        float[] out = new float[set.size() * k];
        InputShape s = network.input();
        try (PrefetchingBatches batches = new PrefetchingBatches(set, 256, false, Augmentation.NONE, 0, mean, std)) {
            int row = 0;
            while (batches.hasNext()) {
                HostBatch b = batches.next();
                try (NDManager m = model.getNDManager().newSubManager()) {
                    NDArray x = m.create(b.images(), new Shape(b.size(), s.channels(), s.height(), s.width()));
                    NDArray logits = block().forward(new ParameterStore(m, false), new NDList(x), false).head();
                    float[] p = logits.softmax(1).toFloatArray();
                    System.arraycopy(p, 0, out, row * k, p.length);
                    row += b.size();
                }
            }
        }
        return out;
    }

    /** Fits a temperature on {@code validation} ({@link Calibration}) and folds it into the network. */
    public Calibration calibrate(ImageSet validation) {
        Calibration c = Calibration.fit(probabilities(validation), validation.labels(), network.classes());
        divideLogitsBy(c.temperature());
        LOG.info("calibrated on {} validation images: temperature {}, log loss {} -> {}", validation.size(),
                String.format("%.3f", c.temperature()), String.format("%.4f", c.logLossBefore()), String.format("%.4f", c.logLossAfter()));
        return c;
    }

    /**
     * Divides the network's output logits by {@code temperature}, folded into the last dense layer's weights and
     * bias, so the exported ONNX graph and the saved parameters carry the calibration with no extra node.
     */
    public void divideLogitsBy(double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        scaleLogits(network, block(), 1 / temperature);
    }

    /** Multiplies the logits of {@code network} (built as {@code block}) by {@code factor}, in its last dense layer. */
    static void scaleLogits(Network network, SequentialBlock block, double factor) {
        if (!(network.layers().getLast() instanceof Layer.Dense)) {
            throw new IllegalStateException("the network does not end in a dense layer");
        }
        var children = block.getChildren();
        Block last = children.get(children.size() - 1).getValue();
        for (var p : last.getParameters()) p.getValue().getArray().muli((float) factor);
    }

    /**
     * Writes the network as {@code out}'s ONNX file (with {@code card} in its metadata) and parameters (for fine-tuning
     * and calibration), each atomically. The caller writes the card file last.
     */
    public void writeNetwork(ModelFiles out, ModelCard card, String inkwellVersion) {
        byte[] onnx = OnnxExporter.export(network, block(), Map.of("inkwellVersion", inkwellVersion, "inkwell.card", ModelCards.toJson(card)));
        AtomicFiles.write(out.onnx(), o -> o.write(onnx));
        AtomicFiles.write(out.params(), o -> o.write(BestParametersListener.snapshot(block())));
    }

    /** Fraction of {@code set} whose arg-max prediction equals its label. */
    public double accuracy(ImageSet set) {
        float[] p = probabilities(set);
        int k = network.classes();
        int correct = 0;
        for (int i = 0; i < set.size(); i++) {
            if (argMax(p, i * k, k) == set.labels()[i]) correct++;
        }
        return set.size() == 0 ? Double.NaN : (double) correct / set.size();
    }

    static int argMax(float[] p, int offset, int k) {
        int best = 0;
        for (int j = 1; j < k; j++) {
            if (p[offset + j] > p[offset + best]) best = j;
        }
        return best;
    }

    @Override
    public void close() {
        model.close();
    }
}
