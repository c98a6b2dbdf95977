package dev.inkwell.bench;

import dev.inkwell.image.ImageDecoder;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.preprocess.Preprocessor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * CPU time (not wall time) of preprocessing one picture, median of 200 runs after at least 3 s (and 100 runs) of warm-up: a figure that
 * stays meaningful on a busy shared machine, where JMH's wall-clock times include waiting for a core.
 */
public final class CpuTimePerPicture {
    private CpuTimePerPicture() {
    }

    public static void main(String[] args) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Preprocessor preprocessor = new Preprocessor(PreprocessOptions.DEFAULT);
        String[][] pictures = {
                {"28px-export", "/fixtures/7__white-on-black-28px.png"},
                {"600px-canvas", "/fixtures/3__canvas-600-thick-pen.png"},
                {"1000x300-number", "/fixtures/2024__four-digits-close.png"},
                {"1200px-photo", "/fixtures/3__photo-grey-paper-shadow.jpg"}};
        for (String[] p : pictures) {
            BufferedImage image;
            try (InputStream in = CpuTimePerPicture.class.getResourceAsStream(p[1])) {
                image = ImageDecoder.decode(in.readAllBytes());
            }
            long warmUntil = System.nanoTime() + 3_000_000_000L; // let the JIT compile the hot loops
            for (int i = 0; i < 100 || System.nanoTime() < warmUntil; i++) preprocessor.process(image);
            long[] micros = new long[200];
            for (int i = 0; i < micros.length; i++) {
                long t = mx.getCurrentThreadCpuTime();
                preprocessor.process(image);
                micros[i] = (mx.getCurrentThreadCpuTime() - t) / 1000;
            }
            Arrays.sort(micros);
            System.out.printf("preprocess %-16s %5d×%-5d CPU time per picture: median %6d µs, p90 %6d µs%n", p[0],
                    image.getWidth(), image.getHeight(), micros[micros.length / 2], micros[micros.length * 9 / 10]);
        }
    }
}
