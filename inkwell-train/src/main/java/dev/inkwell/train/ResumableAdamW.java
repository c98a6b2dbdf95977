package dev.inkwell.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * AdamW (decoupled weight decay) on PyTorch's fused update, with its moment estimates keyed by parameter name so
 * they can be checkpointed and restored: DJL's own AdamW keeps them private, and a resumed run that restarts the
 * moments from zero is not the same run. Weight decay applies to conv and dense weights only, not to biases or
 * batch-norm scales (they are 1-D). The learning rate and step are set by the training loop before each step.
 */
final class ResumableAdamW extends Optimizer {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final float weightDecay;
    private final Map<String, String> nameById = new HashMap<>();
    private final Set<String> decayedIds = new HashSet<>();
    private final Map<String, NDArray> means = new TreeMap<>();
    private final Map<String, NDArray> variances = new TreeMap<>();
    private long step;
    private float learningRate;

    ResumableAdamW(float weightDecay) {
        super(new Builder().setRescaleGrad(1f));
        this.weightDecay = weightDecay;
    }

    /** Learns the names of {@code block}'s parameters; call once after the block is initialised. */
    void bind(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            nameById.put(p.getValue().getId(), p.getKey());
            if (p.getValue().requiresGradient() && p.getValue().getArray().getShape().dimension() > 1) {
                decayedIds.add(p.getValue().getId());
            }
        }
    }

    /** Sets the 1-based step number (for bias correction) and learning rate of the coming update. */
    void beginStep(long step, float learningRate) {
        this.step = step;
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = nameById.get(parameterId);
        if (name == null) throw new IllegalStateException("optimizer not bound to the block that owns parameter " + parameterId);
        if (step < 1) throw new IllegalStateException("beginStep was not called");
        NDArray mean = means.computeIfAbsent(name, k -> weight.zerosLike());
        NDArray variance = variances.computeIfAbsent(name, k -> weight.zerosLike());
        double coef1 = 1.0 - Math.pow(BETA1, step);
        double coef2 = 1.0 - Math.pow(BETA2, step);
        float biasCorrected = (float) (learningRate * Math.sqrt(coef2) / coef1);
        float wd = decayedIds.contains(parameterId) ? weightDecay : 0f;
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, mean, variance), new NDList(weight),
                learningRate, biasCorrected, wd, rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, true);
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(means.size());
        for (String name : means.keySet()) {
            out.writeUTF(name);
            writeArray(out, means.get(name));
            writeArray(out, variances.get(name));
        }
    }

    void load(DataInputStream in, NDManager manager) throws IOException {
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            means.put(name, readArray(in, manager));
            variances.put(name, readArray(in, manager));
        }
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        byte[] bytes = a.encode();
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static NDArray readArray(DataInputStream in, NDManager manager) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        NDArray a = NDArray.decode(manager, bytes);
        a.detach(); // lives as long as the optimizer, not the manager that read it
        return a;
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
