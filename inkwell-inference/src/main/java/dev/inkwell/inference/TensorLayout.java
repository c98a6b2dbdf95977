package dev.inkwell.inference;

import java.util.Arrays;

/**
 * Where pixels go in a model's input tensor, read from its declared shape.
 *
 * @param kind     NCHW (PyTorch, CNTK), NHWC (Keras), NHW, or FLAT (N×(H·W·C), e.g. Kaggle-style N×784)
 * @param batch    the fixed batch size, or -1 when the batch dimension is dynamic
 */
record TensorLayout(Kind kind, int batch, int channels, int height, int width) {
    enum Kind { NCHW, NHWC, NHW, FLAT }

    int valuesPerImage() {
        return channels * height * width;
    }

    long[] shape(int n) {
        return switch (kind) {
            case NCHW -> new long[] {n, channels, height, width};
            case NHWC -> new long[] {n, height, width, channels};
            case NHW -> new long[] {n, height, width};
            case FLAT -> new long[] {n, (long) channels * height * width};
        };
    }

    /**
     * Reads the layout from a declared input shape (-1 for symbolic dimensions). {@code hint*} (a model card's
     * input size, or 0) fill in what the shape leaves open: a flat N×F input or dynamic spatial dimensions.
     */
    static TensorLayout fromShape(long[] shape, int hintWidth, int hintHeight, int hintChannels) {
        String shown = Arrays.toString(shape);
        int batch = shape.length == 0 ? -1 : (int) Math.max(-1, shape[0]);
        if (batch == 0) batch = -1;
        switch (shape.length) {
            case 4 -> {
                long a = shape[1];
                long d = shape[3];
                boolean channelsFirst = a == 1 || a == 3;
                boolean channelsLast = d == 1 || d == 3;
                if (channelsFirst) { // also when both could be channels: NCHW is the ONNX convention
                    return new TensorLayout(Kind.NCHW, batch, (int) a, dim(shape[2], hintHeight, shown), dim(shape[3], hintWidth, shown));
                }
                if (channelsLast) {
                    return new TensorLayout(Kind.NHWC, batch, (int) d, dim(shape[1], hintHeight, shown), dim(shape[2], hintWidth, shown));
                }
                if (a < 0 && d < 0 && hintChannels > 0) {
                    return new TensorLayout(Kind.NCHW, batch, hintChannels, dim(shape[2], hintHeight, shown), dim(shape[3], hintWidth, shown));
                }
                throw new IllegalArgumentException("cannot tell channels in input shape " + shown + " (expected 1 or 3 channels first or last)");
            }
            case 3 -> {
                return new TensorLayout(Kind.NHW, batch, 1, dim(shape[1], hintHeight, shown), dim(shape[2], hintWidth, shown));
            }
            case 2 -> {
                long f = shape[1];
                if (hintWidth > 0 && hintHeight > 0) {
                    int c = hintChannels > 0 ? hintChannels : 1;
                    if (f > 0 && f != (long) hintWidth * hintHeight * c) {
                        throw new IllegalArgumentException("input shape " + shown + " holds " + f + " values but the model card says "
                                + hintWidth + "×" + hintHeight + "×" + c);
                    }
                    return new TensorLayout(Kind.FLAT, batch, c, hintHeight, hintWidth);
                }
                if (f == 3072) return new TensorLayout(Kind.FLAT, batch, 3, 32, 32);
                int side = (int) Math.round(Math.sqrt(f));
                if (f > 0 && (long) side * side == f) return new TensorLayout(Kind.FLAT, batch, 1, side, side);
                throw new IllegalArgumentException("cannot tell the image size of flat input shape " + shown + ": add a model card");
            }
            default -> throw new IllegalArgumentException("unsupported input shape " + shown
                    + " (expected N×C×H×W, N×H×W×C, N×H×W or N×F)");
        }
    }

    private static int dim(long declared, int hint, String shown) {
        if (declared > 0) return (int) declared;
        if (hint > 0) return hint;
        throw new IllegalArgumentException("input shape " + shown + " leaves the image size open: add a model card with inputWidth/inputHeight");
    }
}
