package dev.inkwell.dataset;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Deterministic random samples for tests. */
final class TestSamples {
    private TestSamples() {
    }

    static List<Sample> random(long seed, int count, int width, int height, int channels, int classes, String split) {
        Random r = new Random(seed);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[width * height * channels];
            r.nextBytes(p);
            out.add(new Sample(null, r.nextInt(classes), p, width, height, channels, null, split));
        }
        return out;
    }

    static List<Sample> readAll(SampleReader reader) {
        try (reader) {
            return reader.stream().toList();
        }
    }

    /** What a round trip must keep: label and pixels (uuid, source and split depend on the format). */
    static List<String> content(List<Sample> samples) {
        return samples.stream().map(s -> s.label() + "|" + s.shape() + "|" + HexFormat.of().formatHex(s.pixels())).toList();
    }
}
