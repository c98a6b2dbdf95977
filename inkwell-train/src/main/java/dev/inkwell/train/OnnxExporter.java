package dev.inkwell.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a trained {@link Network} as an ONNX model (opset 13) with the generated ONNX protobuf classes: Conv and
 * Gemm with batch norm folded into their weights, Relu, MaxPool, GlobalAveragePool, Flatten, and a final Softmax,
 * so the output is class probabilities. Dropout is the identity at inference and is left out. The batch dimension
 * is symbolic ({@code N}): one session serves any batch size. Input {@code input} takes normalised pixels
 * ((x/255 − mean)/std, N×C×H×W); output {@code probabilities} is N×classes.
 */
public final class OnnxExporter {
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";
    private static final int OPSET = 13;
    private static final long IR_VERSION = 7;

    private OnnxExporter() {
    }

    public static byte[] export(Network network, SequentialBlock block, Map<String, String> metadata) {
        List<Layer> layers = network.layers();
        List<Block> children = block.getChildren().values();
        if (children.size() != layers.size()) throw new IllegalArgumentException("block does not match the network's layers");
        GraphProto.Builder g = GraphProto.newBuilder().setName("inkwell-" + network.architecture().id());
        String x = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Block child = children.get(i);
            String name = "l" + i;
            Layer next = i + 1 < layers.size() ? layers.get(i + 1) : null;
            switch (layer) {
                case Layer.Conv c -> {
                    Affine a = new Affine(values(child, "weight"), c.bias() ? values(child, "bias") : new float[c.out()], c.out());
                    if (next instanceof Layer.BatchNormalization) {
                        a.fold(children.get(++i));
                    }
                    g.addInitializer(tensor(name + ".weight", a.weight, c.out(), c.in(), c.kernel(), c.kernel()));
                    g.addInitializer(tensor(name + ".bias", a.bias, c.out()));
                    x = node(g, "Conv", name, List.of(x, name + ".weight", name + ".bias"),
                            ints("kernel_shape", c.kernel(), c.kernel()), ints("pads", c.padding(), c.padding(), c.padding(), c.padding()),
                            ints("strides", 1, 1));
                }
                case Layer.Dense d -> {
                    Affine a = new Affine(values(child, "weight"), values(child, "bias"), d.out());
                    if (next instanceof Layer.BatchNormalization) {
                        a.fold(children.get(++i));
                    }
                    g.addInitializer(tensor(name + ".weight", a.weight, d.out(), d.in()));
                    g.addInitializer(tensor(name + ".bias", a.bias, d.out()));
                    x = node(g, "Gemm", name, List.of(x, name + ".weight", name + ".bias"),
                            AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1).build());
                }
                case Layer.BatchNormalization b -> {
                    g.addInitializer(tensor(name + ".scale", values(child, "gamma"), b.channels()));
                    g.addInitializer(tensor(name + ".B", values(child, "beta"), b.channels()));
                    g.addInitializer(tensor(name + ".mean", values(child, "runningMean"), b.channels()));
                    g.addInitializer(tensor(name + ".var", values(child, "runningVar"), b.channels()));
                    x = node(g, "BatchNormalization", name, List.of(x, name + ".scale", name + ".B", name + ".mean", name + ".var"),
                            AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                                    .setF(Layer.BatchNormalization.EPSILON).build());
                }
                case Layer.Relu r -> x = node(g, "Relu", name, List.of(x));
                case Layer.MaxPool p -> x = node(g, "MaxPool", name, List.of(x), ints("kernel_shape", p.size(), p.size()),
                        ints("strides", p.size(), p.size()));
                case Layer.GlobalAvgPool p -> {
                    x = node(g, "GlobalAveragePool", name, List.of(x));
                    x = node(g, "Flatten", name + ".flatten", List.of(x), axis(1));
                }
                case Layer.Flatten f -> x = node(g, "Flatten", name, List.of(x), axis(1));
                case Layer.DropoutLayer d -> {
                    // identity at inference
                }
            }
        }
        NodeProto softmax = NodeProto.newBuilder().setOpType("Softmax").setName("softmax").addInput(x).addOutput(OUTPUT)
                .addAttribute(axis(1)).build();
        g.addNode(softmax);
        InputShape in = network.input();
        g.addInput(valueInfo(INPUT, in.channels(), in.height(), in.width()));
        g.addOutput(valueInfo(OUTPUT, network.classes()));
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("inkwell")
                .setProducerVersion(metadata.getOrDefault("inkwellVersion", "unknown"))
                .setDomain("dev.inkwell")
                .setModelVersion(1)
                .setDocString("Inkwell " + network.architecture().id() + " classifier: input (x/255-mean)/std, N×C×H×W; output class probabilities")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g);
        metadata.forEach((k, v) -> model.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    /** Weights and bias of a conv or dense layer (output channel first), into which a following batch norm folds. */
    private static final class Affine {
        final float[] weight;
        final float[] bias;
        final int out;

        Affine(float[] weight, float[] bias, int out) {
            this.weight = weight.clone();
            this.bias = bias.clone();
            this.out = out;
        }

        /** y = γ·(Wx + b − μ)/√(σ² + ε) + β  ⇒  W' = W·s, b' = (b − μ)·s + β with s = γ/√(σ² + ε). */
        void fold(Block batchNorm) {
            float[] gamma = values(batchNorm, "gamma");
            float[] beta = values(batchNorm, "beta");
            float[] mean = values(batchNorm, "runningMean");
            float[] var = values(batchNorm, "runningVar");
            int per = weight.length / out;
            for (int o = 0; o < out; o++) {
                double s = gamma[o] / Math.sqrt((double) var[o] + Layer.BatchNormalization.EPSILON);
                for (int j = 0; j < per; j++) weight[o * per + j] = (float) (weight[o * per + j] * s);
                bias[o] = (float) ((bias[o] - mean[o]) * s + beta[o]);
            }
        }
    }

    private static float[] values(Block block, String parameter) {
        Parameter p = block.getParameters().get(parameter);
        if (p == null) throw new IllegalStateException("layer " + block + " has no parameter " + parameter);
        return p.getArray().toFloatArray();
    }

    private static String node(GraphProto.Builder g, String op, String name, List<String> inputs, AttributeProto... attributes) {
        String out = name + "." + op.toLowerCase(Locale.ROOT);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(out);
        for (AttributeProto a : attributes) n.addAttribute(a);
        g.addNode(n);
        return out;
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    private static AttributeProto axis(int axis) {
        return AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis).build();
    }

    private static TensorProto tensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) t.addDims(d);
        return t.build();
    }

    /** A float tensor whose first dimension is the symbolic batch size N. */
    private static ValueInfoProto valueInfo(String name, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d : dims) shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
    }
}
