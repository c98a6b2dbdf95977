package dev.inkwell.train;

import ai.djl.nn.SequentialBlock;
import java.util.List;

/** An architecture instantiated for an input shape and class count: its layers, and a fresh DJL block for them. */
public record Network(Architecture architecture, InputShape input, int classes, List<Layer> layers) {

    /** A new, uninitialised DJL block whose children are exactly {@link #layers()}, in order. */
    public SequentialBlock newBlock() {
        SequentialBlock block = new SequentialBlock();
        for (Layer layer : layers) block.add(layer.toBlock());
        return block;
    }

    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }
}
