package dev.inkwell.preprocess;

import java.util.Arrays;

/**
 * Which blobs of the ink mask are ink. A blob must reach the seed level somewhere (grain that crossed the threshold
 * does not; see {@link InkThreshold}) and must have a sharp edge: where a stroke's edge crosses the threshold the
 * signal jumps from paper to ink within a pixel or two, so along its boundary it changes by about the threshold
 * per pixel; what is left of a shadow or a lamp's fall-off after the paper level was taken off rises so slowly that
 * it changes by a tenth of that. Such soft blobs are large, faint and smooth, and would be read as a fat "0" or
 * "8" (or swallow the strokes that touch them).
 */
final class InkBlobs {
    /**
     * A blob whose boundary changes by less than this fraction of the threshold per pixel, on average, is soft:
     * ink measured 0.6–1.1 (thick markers the least), shadow remnants 0.1–0.2.
     */
    static final double SOFT_EDGE = 0.35;

    private final boolean[] ink;
    private final int soft;

    private InkBlobs(boolean[] ink, int soft) {
        this.ink = ink;
        this.soft = soft;
    }

    /**
     * Judges every blob of {@code components}, the blobs of {@code signal} above {@code threshold}'s level. A clean
     * {@code drawing} (no grain, no shadow: see {@link Background#drawing()}) has nothing to judge: all are ink.
     */
    static InkBlobs judge(Components components, float[] signal, InkThreshold threshold, boolean drawing,
                          int w, int h) {
        int n = components.blobs.size() + 1;
        if (drawing && !threshold.seeded()) {
            boolean[] all = new boolean[n];
            Arrays.fill(all, true);
            return new InkBlobs(all, 0);
        }
        int[] labels = components.labels;
        boolean[] seeded = new boolean[n];
        double[] steepness = new double[n];
        int[] boundary = new int[n];
        for (Components.Blob blob : components.blobs) { // within each box only: most of a picture is no blob's
            int label = blob.label();
            for (int y = blob.minY(); y < blob.maxY(); y++) {
                for (int x = blob.minX(); x < blob.maxX(); x++) {
                    int i = y * w + x;
                    if (labels[i] != label) continue;
                    if (signal[i] > threshold.seed()) seeded[label] = true;
                    float outside = outsideNeighbour(signal, labels, w, h, x, y);
                    if (outside >= 0) {
                        steepness[label] += signal[i] - outside;
                        boundary[label]++;
                    }
                }
            }
        }
        boolean[] ink = new boolean[n];
        int soft = 0;
        for (int label = 1; label < n; label++) {
            boolean sharp = boundary[label] == 0 || steepness[label] / boundary[label] >= SOFT_EDGE * threshold.level();
            boolean reached = seeded[label] || !threshold.seeded();
            ink[label] = reached && sharp;
            if (reached && !sharp) soft++;
        }
        return new InkBlobs(ink, soft);
    }

    /**
     * The lowest signal among the 4-neighbours of (x, y) outside its blob, or -1 when all are inside (or (x, y)
     * only touches the picture's edge, which says nothing about the blob's own edge).
     */
    private static float outsideNeighbour(float[] signal, int[] labels, int w, int h, int x, int y) {
        int i = y * w + x;
        float lowest = Float.MAX_VALUE;
        if (x > 0 && labels[i - 1] == 0) lowest = Math.min(lowest, signal[i - 1]);
        if (x < w - 1 && labels[i + 1] == 0) lowest = Math.min(lowest, signal[i + 1]);
        if (y > 0 && labels[i - w] == 0) lowest = Math.min(lowest, signal[i - w]);
        if (y < h - 1 && labels[i + w] == 0) lowest = Math.min(lowest, signal[i + w]);
        return lowest == Float.MAX_VALUE ? -1 : lowest;
    }

    /** Whether the blob labelled {@code label} is ink. */
    boolean isInk(int label) {
        return ink[label];
    }

    /** How many blobs reached the seed level but had soft edges: shadow remnants, not ink. */
    int soft() {
        return soft;
    }
}
