package dev.inkwell.train;

import dev.inkwell.train.Layer.BatchNormalization;
import dev.inkwell.train.Layer.Conv;
import dev.inkwell.train.Layer.Dense;
import dev.inkwell.train.Layer.DropoutLayer;
import dev.inkwell.train.Layer.Flatten;
import dev.inkwell.train.Layer.GlobalAvgPool;
import dev.inkwell.train.Layer.MaxPool;
import dev.inkwell.train.Layer.Relu;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The network designs Inkwell trains, for 28×28×1 (MNIST-like) or 32×32×3 (CIFAR-like) input and any class count. */
public enum Architecture {
    /**
     * Under 10,000 parameters for 10 classes: five 3×3 conv/BN/ReLU stages (8-16 | 16-16 | 24 channels) with two
     * max pools, global average pooling and one dense layer. Padding keeps 28→14→7 so little ink is lost at edges.
     */
    COMPACT {
        @Override
        List<Layer> layers(InputShape in, int classes) {
            List<Layer> l = new ArrayList<>();
            convBlock(l, in.channels(), 8);
            convBlock(l, 8, 16);
            l.add(new MaxPool(2));
            l.add(new DropoutLayer(0.05f));
            convBlock(l, 16, 16);
            convBlock(l, 16, 16);
            l.add(new MaxPool(2));
            l.add(new DropoutLayer(0.05f));
            convBlock(l, 16, 24);
            l.add(new GlobalAvgPool());
            l.add(new Dense(24, classes));
            return l;
        }
    },
    /**
     * The default for top accuracy at serving speed (about 0.22 M parameters and 7 M multiply-adds on 28×28): three
     * VGG stages of two conv/BN/ReLU (16, 32, 64 channels) each followed by max pooling and dropout, then a 256-unit
     * dense layer with batch norm and dropout. A quarter of {@link #WIDE}'s arithmetic, so a 2-core replica serves
     * thousands of images per second.
     */
    STANDARD {
        @Override
        List<Layer> layers(InputShape in, int classes) {
            return vgg(in, classes, new int[] {16, 32, 64}, 256);
        }
    },
    /**
     * The same design at double width (32, 64, 128 channels; about 0.6 M parameters, 29 M multiply-adds on 28×28)
     * for harder data such as 32×32×3 pictures.
     */
    WIDE {
        @Override
        List<Layer> layers(InputShape in, int classes) {
            return vgg(in, classes, new int[] {32, 64, 128}, 256);
        }
    };

    abstract List<Layer> layers(InputShape in, int classes);

    /** The layers of this design for the given input and number of classes. */
    public Network network(InputShape in, int classes) {
        if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        return new Network(this, in, classes, List.copyOf(layers(in, classes)));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Architecture parse(String id) {
        for (Architecture a : values()) {
            if (a.id().equalsIgnoreCase(id)) return a;
        }
        throw new IllegalArgumentException("unknown architecture '" + id + "', expected one of compact, standard, wide");
    }

    /** Stages of two 3×3 conv blocks, each stage halving the resolution, then a batch-normed dense layer. */
    private static List<Layer> vgg(InputShape in, int classes, int[] widths, int dense) {
        List<Layer> l = new ArrayList<>();
        int h = in.height();
        int w = in.width();
        int c = in.channels();
        for (int width : widths) {
            convBlock(l, c, width);
            convBlock(l, width, width);
            l.add(new MaxPool(2));
            l.add(new DropoutLayer(0.1f));
            c = width;
            h /= 2;
            w /= 2;
        }
        l.add(new Flatten());
        l.add(new Dense(c * h * w, dense));
        l.add(new BatchNormalization(dense));
        l.add(new Relu());
        l.add(new DropoutLayer(0.3f));
        l.add(new Dense(dense, classes));
        return l;
    }

    private static void convBlock(List<Layer> l, int in, int out) {
        l.add(new Conv(in, out, 3, 1, false)); // no bias: batch norm's beta does that job
        l.add(new BatchNormalization(out));
        l.add(new Relu());
    }
}
