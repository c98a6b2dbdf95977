package dev.inkwell.testkit;

import dev.inkwell.image.GrayImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** A minimal reader of the first records of gzipped MNIST IDX files, for tests (the real readers live elsewhere). */
public final class Idx {
    private Idx() {
    }

    public static List<GrayImage> images(Path gz, int count) throws IOException {
        try (DataInputStream in = open(gz)) {
            if (in.readInt() != 0x00000803) throw new IOException(gz + ": not an IDX image file");
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            List<GrayImage> out = new ArrayList<>();
            byte[] buf = new byte[rows * cols];
            for (int i = 0; i < Math.min(n, count); i++) {
                in.readFully(buf);
                float[] px = new float[buf.length];
                for (int j = 0; j < buf.length; j++) px[j] = buf[j] & 0xff;
                out.add(new GrayImage(cols, rows, px));
            }
            return out;
        }
    }

    public static int[] labels(Path gz, int count) throws IOException {
        try (DataInputStream in = open(gz)) {
            if (in.readInt() != 0x00000801) throw new IOException(gz + ": not an IDX label file");
            int n = Math.min(in.readInt(), count);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = in.readUnsignedByte();
            return out;
        }
    }

    private static DataInputStream open(Path gz) throws IOException {
        InputStream raw = Files.newInputStream(gz);
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw)));
    }
}
