package dev.inkwell.train;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Labelled images held in memory for training: unsigned bytes 0–255, one image after the other, each in
 * channel-major (C, H, W) order, and a label 0..classNames.size()-1 per image.
 */
public record ImageSet(InputShape shape, byte[] pixels, int[] labels, List<String> classNames) {
    public ImageSet {
        classNames = List.copyOf(classNames);
        if ((long) labels.length * shape.pixels() != pixels.length) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " bytes, expected " + labels.length
                    + " images of " + shape.pixels());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException("image " + i + " has label " + labels[i] + ", expected 0.."
                        + (classNames.size() - 1));
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int classCount() {
        return classNames.size();
    }

    /** The images at {@code indices}, in that order. */
    public ImageSet select(int[] indices) {
        int n = shape.pixels();
        byte[] px = new byte[indices.length * n];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * n, px, i * n, n);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(shape, px, lb, classNames);
    }

    /** The first {@code n} images (all when {@code n} is at least the size). */
    public ImageSet limit(int n) {
        if (n >= size()) return this;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        return select(idx);
    }

    /** A seeded random split: {@code fraction} of the images go to the second part (validation). */
    public Split split(double fraction, long seed) {
        if (fraction < 0 || fraction >= 1) throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
        int[] order = shuffled(size(), new Random(seed));
        int val = (int) Math.round(size() * fraction);
        int[] v = Arrays.copyOfRange(order, 0, val);
        int[] t = Arrays.copyOfRange(order, val, order.length);
        Arrays.sort(v);
        Arrays.sort(t);
        return new Split(select(t), select(v));
    }

    public record Split(ImageSet train, ImageSet validation) {
    }

    /** Mean and standard deviation of all pixels scaled to 0–1: the input normalisation the model learns with. */
    public double[] meanStd() {
        double sum = 0;
        double sq = 0;
        for (byte b : pixels) {
            double v = (b & 0xff) / 255.0;
            sum += v;
            sq += v * v;
        }
        double mean = sum / pixels.length;
        double std = Math.sqrt(Math.max(sq / pixels.length - mean * mean, 1e-12));
        return new double[] {mean, std};
    }

    /** SHA-256 over shape, labels and pixels: identifies the exact training data in a model card. */
    public String fingerprint() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(ByteBuffer.allocate(16).putInt(shape.channels()).putInt(shape.height()).putInt(shape.width()).putInt(size()).array());
            ByteBuffer lb = ByteBuffer.allocate(labels.length * 4);
            for (int l : labels) lb.putInt(l);
            d.update(lb.array());
            d.update(pixels);
            return "sha256:" + HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Fisher–Yates permutation of 0..n-1. */
    static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
