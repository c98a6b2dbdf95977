package dev.inkwell.server;

import dev.inkwell.dataset.IdxReader;
import dev.inkwell.dataset.Sample;
import dev.inkwell.testing.SharedData;

/** The first {@code n} MNIST test images (row-major 0–255, ink high) and labels, read with the project's IDX reader. */
record MnistSlice(int[][] pixels, int[] labels) {
    static MnistSlice firstTest(int n) {
        int[][] px = new int[n][];
        int[] lb = new int[n];
        try (IdxReader reader = IdxReader.open(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz"),
                SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz"), "test")) {
            for (int i = 0; i < n; i++) {
                Sample s = reader.next();
                px[i] = new int[s.pixels().length];
                for (int p = 0; p < px[i].length; p++) px[i][p] = s.pixels()[p] & 0xff;
                lb[i] = s.label();
            }
        }
        return new MnistSlice(px, lb);
    }

    String csvRow(int i) {
        StringBuilder s = new StringBuilder();
        for (int p = 0; p < pixels[i].length; p++) s.append(p == 0 ? "" : ",").append(pixels[i][p]);
        return s.toString();
    }

    String pixelsJson(int i) {
        return "{\"pixels\":[" + csvRow(i) + "]}";
    }
}
