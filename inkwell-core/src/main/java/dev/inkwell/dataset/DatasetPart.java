package dev.inkwell.dataset;

/**
 * One file (or file pair, or folder) of a dataset, read as one split.
 *
 * @param split    split name given to its samples ("train", "test", …)
 * @param location what it is read from, for messages
 * @param opener   opens a fresh reader over it
 */
public record DatasetPart(String split, String location, Opener opener) {

    @FunctionalInterface
    public interface Opener {
        SampleReader open();
    }

    public SampleReader open() {
        return opener.open();
    }
}
