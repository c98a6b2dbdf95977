package dev.inkwell.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Says why training met a NaN or an infinity, so the error names what happened instead of guessing "lower --lr":
 * corrupt input data, corrupt parameters, a fault in the native kernels (a layer turned finite inputs and parameters
 * of ordinary size into NaN/Inf, the backward pass did so from a finite loss, or the same batch is finite when
 * replayed), or real divergence (values grew far past any ordinary size before they overflowed).
 *
 * <p>Runs only after a non-finite value was seen, so it costs nothing on a healthy run; it replays the batch layer by
 * layer with the parameters as they are.
 */
public final class NonFiniteDiagnosis {
    /** Activations, parameters or gradients beyond this size mean the run blew up rather than met a fault. */
    static final float DIVERGED = 1e6f;

    public enum Kind { CORRUPT_DATA, CORRUPT_PARAMETERS, NATIVE_FAULT, INTERMITTENT_FAULT, DIVERGED }

    private final SequentialBlock block;
    private final List<Layer> layers;
    private final String where;

    /**
     * @param where e.g. "epoch 2, step 311" — where the value was met
     */
    NonFiniteDiagnosis(SequentialBlock block, List<Layer> layers, String where) {
        this.block = block;
        this.layers = layers;
        this.where = where;
    }

    /** Whether every value of {@code a} is finite. */
    static boolean finite(NDArray a) {
        try (NDArray bad = a.isNaN().logicalOr(a.isInfinite()); NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }

    /**
     * Whether every gradient of {@code block} is finite: one sum per parameter (a NaN or an infinity makes its sum
     * non-finite), so a healthy step pays about 1 % of its time. A sum that overflows from huge but finite gradients
     * also counts as not finite; {@link #ofGradients} then tells the two apart.
     */
    static boolean gradientsFinite(Block block) {
        boolean finite = true;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) continue;
            try (NDArray g = p.getValue().getArray().getGradient(); NDArray sum = g.sum()) {
                finite &= Float.isFinite(sum.getFloat());
            }
        }
        return finite;
    }

    /** The largest absolute value of {@code a} (NaN when it holds one). */
    static float maxAbs(NDArray a) {
        if (a.isEmpty()) return 0;
        try (NDArray abs = a.abs(); NDArray max = abs.max()) {
            return max.toType(DataType.FLOAT32, false).getFloat();
        }
    }

    /** A loss that came out NaN or infinite on batch {@code x}, labels {@code y}, in training or evaluation mode. */
    TrainingFaultException ofLoss(NDManager m, NDArray x, NDArray y, Loss loss, float seen, boolean training) {
        String what = (training ? "training" : "validation") + " loss " + seen;
        if (!finite(x)) {
            return fault(Kind.CORRUPT_DATA, "the input batch holds NaN or infinite values (" + what
                    + "): the training data or its normalisation is corrupt");
        }
        TrainingFaultException params = parameters();
        if (params != null) return params;
        float paramMax = parameterMax();
        ParameterStore store = new ParameterStore(m, false);
        NDList current = new NDList(x);
        List<Block> children = block.getChildren().values();
        for (int i = 0; i < children.size(); i++) {
            float inMax = maxAbs(current.head());
            NDList out = children.get(i).forward(store, current, training);
            if (!finite(out.head())) {
                String layer = describe(i);
                if (inMax > DIVERGED || paramMax > DIVERGED) {
                    return fault(Kind.DIVERGED, "training diverged at " + where + ": the input of " + layer + " had grown to "
                            + String.format("%.3g", inMax) + " and the parameters to " + String.format("%.3g", paramMax)
                            + " before it overflowed (" + what + "): lower --lr");
                }
                return fault(Kind.NATIVE_FAULT, "a numerical fault in the native kernels at " + where + ", not divergence: " + layer
                        + (training ? " (forward, training mode)" : " (forward, inference mode)") + " turned finite inputs (max |x| "
                        + String.format("%.3g", inMax) + ") and parameters (max |w| " + String.format("%.3g", paramMax)
                        + ") into NaN or infinity (" + what + "); oneDNN instruction set " + TorchRuntime.oneDnnIsa()
                        + ", see docs/training.md#nan");
            }
            current = out;
        }
        float logitMax = maxAbs(current.head());
        float replayed = loss.evaluate(new NDList(y), current).getFloat();
        if (Float.isFinite(replayed)) {
            return fault(Kind.INTERMITTENT_FAULT, "an intermittent numerical fault at " + where + ", not divergence: the " + what
                    + " but the same batch with the same parameters gives " + replayed + " when replayed; the native kernels or the"
                    + " CPU produced it (oneDNN instruction set " + TorchRuntime.oneDnnIsa() + ", see docs/training.md#nan)");
        }
        if (logitMax > DIVERGED) {
            return fault(Kind.DIVERGED, "training diverged at " + where + ": the network's outputs reached "
                    + String.format("%.3g", logitMax) + " (" + what + "): lower --lr");
        }
        return fault(Kind.NATIVE_FAULT, "a numerical fault in the loss at " + where + ", not divergence: finite outputs (max "
                + String.format("%.3g", logitMax) + ") gave " + what + "; see docs/training.md#nan");
    }

    /** Gradients that came out NaN or infinite (or overflowed when summed) from a finite loss. */
    TrainingFaultException ofGradients(float lossValue) {
        List<String> bad = new ArrayList<>();
        float largest = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!p.getValue().requiresGradient()) continue;
            try (NDArray g = p.getValue().getArray().getGradient()) {
                if (!finite(g)) bad.add(p.getKey());
                else largest = Math.max(largest, maxAbs(g));
            }
        }
        if (bad.isEmpty()) {
            return fault(Kind.DIVERGED, "training diverged at " + where + ": gradients reached " + String.format("%.3g", largest)
                    + " (loss " + lossValue + "): lower --lr");
        }
        TrainingFaultException params = parameters();
        if (params != null) return params;
        return fault(Kind.NATIVE_FAULT, "a numerical fault in the native kernels at " + where + ", not divergence: the backward pass"
                + " made NaN or infinite gradients for " + String.join(", ", bad) + " from a finite loss (" + lossValue
                + ") and finite parameters (max |w| " + String.format("%.3g", parameterMax()) + "); oneDNN instruction set "
                + TorchRuntime.oneDnnIsa() + ", see docs/training.md#nan");
    }

    private TrainingFaultException parameters() {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (!finite(p.getValue().getArray())) {
                return fault(Kind.CORRUPT_PARAMETERS, "parameter " + p.getKey() + " holds NaN or infinite values at " + where
                        + ": the parameters were corrupt before this step (a damaged checkpoint or base model, or a fault in an"
                        + " earlier update); see docs/training.md#nan");
            }
        }
        return null;
    }

    private float parameterMax() {
        float max = 0;
        for (Pair<String, Parameter> p : block.getParameters()) max = Math.max(max, maxAbs(p.getValue().getArray()));
        return max;
    }

    private String describe(int child) {
        String name = child < layers.size() ? layers.get(child).toString() : block.getChildren().keys().get(child);
        return "layer " + (child + 1) + " of " + block.getChildren().size() + " (" + name + ")";
    }

    private TrainingFaultException fault(Kind kind, String message) {
        return new TrainingFaultException(kind, message);
    }
}
