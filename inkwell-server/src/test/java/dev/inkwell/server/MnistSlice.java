package dev.inkwell.server;

import dev.inkwell.testing.SharedData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;

/** The first {@code n} MNIST test images (row-major 0–255, ink high) and labels, read from the shared IDX files. */
record MnistSlice(int[][] pixels, int[] labels) {
    static MnistSlice firstTest(int n) {
        try (DataInputStream images = idx("t10k-images-idx3-ubyte.gz"); DataInputStream labels = idx("t10k-labels-idx1-ubyte.gz")) {
            if (images.readInt() != 2051 || labels.readInt() != 2049) throw new IllegalStateException("not MNIST IDX files");
            images.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            labels.readInt();
            int[][] px = new int[n][rows * cols];
            int[] lb = new int[n];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < rows * cols; p++) px[i][p] = images.readUnsignedByte();
                lb[i] = labels.readUnsignedByte();
            }
            return new MnistSlice(px, lb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DataInputStream idx(String name) throws IOException {
        InputStream in = Files.newInputStream(SharedData.mnist().resolve(name));
        return new DataInputStream(new GZIPInputStream(in));
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
