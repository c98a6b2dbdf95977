package dev.inkwell.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * One layer of a feed-forward image classifier. The same description builds the DJL block that is trained and the
 * ONNX nodes it is exported to, so the two cannot drift apart.
 */
public sealed interface Layer {
    Block toBlock();

    /** Trainable parameters of this layer (running statistics of batch norm are buffers, as in PyTorch). */
    long parameterCount();

    /** 2-D convolution, stride 1, square kernel, symmetric zero padding. */
    record Conv(int in, int out, int kernel, int padding, boolean bias) implements Layer {
        @Override
        public Block toBlock() {
            return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(padding, padding))
                    .setFilters(out).optBias(bias).build();
        }

        @Override
        public long parameterCount() {
            return (long) in * out * kernel * kernel + (bias ? out : 0);
        }
    }

    record BatchNormalization(int channels) implements Layer {
        static final float EPSILON = 1e-5f;

        @Override
        public Block toBlock() {
            return BatchNorm.builder().optEpsilon(EPSILON).optMomentum(0.9f).build();
        }

        @Override
        public long parameterCount() {
            return 2L * channels;
        }
    }

    record Relu() implements Layer {
        @Override
        public Block toBlock() {
            return Activation.reluBlock();
        }

        @Override
        public long parameterCount() {
            return 0;
        }
    }

    /** Max pooling with a square window and the same stride (floor of odd sizes, as PyTorch). */
    record MaxPool(int size) implements Layer {
        @Override
        public Block toBlock() {
            return Pool.maxPool2dBlock(new Shape(size, size), new Shape(size, size));
        }

        @Override
        public long parameterCount() {
            return 0;
        }
    }

    /** Global average pooling to one value per channel, output (N, C). */
    record GlobalAvgPool() implements Layer {
        @Override
        public Block toBlock() {
            return Pool.globalAvgPool2dBlock();
        }

        @Override
        public long parameterCount() {
            return 0;
        }
    }

    record Flatten() implements Layer {
        @Override
        public Block toBlock() {
            return Blocks.batchFlattenBlock();
        }

        @Override
        public long parameterCount() {
            return 0;
        }
    }

    record Dense(int in, int out) implements Layer {
        @Override
        public Block toBlock() {
            return Linear.builder().setUnits(out).build();
        }

        @Override
        public long parameterCount() {
            return (long) in * out + out;
        }
    }

    /** Active in training only; absent from the exported inference graph. */
    record DropoutLayer(float rate) implements Layer {
        @Override
        public Block toBlock() {
            return Dropout.builder().optRate(rate).build();
        }

        @Override
        public long parameterCount() {
            return 0;
        }
    }
}
