package dev.inkwell.dataset;

import java.util.Set;

/**
 * How to read a dataset where the files alone do not say.
 *
 * @param channels 1 (grey) or 3 (RGB) for image folders; other formats have their own
 * @param labels   where an image folder's labels come from
 * @param classes  keep only these labels (e.g. CIFAR-100 8 and 48); null keeps all
 * @param limits   size limits for each image of an image folder
 */
public record ReadOptions(int channels, LabelSource labels, Set<Integer> classes, ImageDecoder.Limits limits) {
    public static final ReadOptions DEFAULT = new ReadOptions(1, LabelSource.AUTO, null, ImageDecoder.Limits.DEFAULT);

    public ReadOptions {
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3");
        classes = classes == null || classes.isEmpty() ? null : Set.copyOf(classes);
    }

    public ReadOptions withChannels(int c) {
        return new ReadOptions(c, labels, classes, limits);
    }

    public ReadOptions withLabels(LabelSource l) {
        return new ReadOptions(channels, l, classes, limits);
    }

    public ReadOptions withClasses(Set<Integer> c) {
        return new ReadOptions(channels, labels, c, limits);
    }
}
