package dev.inkwell.testkit;

import dev.inkwell.dataset.IdxReader;
import dev.inkwell.dataset.Sample;
import dev.inkwell.image.GrayImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The first records of an MNIST-layout IDX pair as model-space images and labels, read with {@link IdxReader}. */
public final class Idx {
    private Idx() {
    }

    public static List<GrayImage> images(Path imagesFile, int count) {
        return first(imagesFile, null, count).stream().map(Idx::toGray).toList();
    }

    public static int[] labels(Path labelsFile, int count) {
        Path imagesFile = labelsFile.resolveSibling(labelsFile.getFileName().toString().replace("labels-idx1", "images-idx3"));
        return first(imagesFile, labelsFile, count).stream().mapToInt(Sample::label).toArray();
    }

    private static List<Sample> first(Path imagesFile, Path labelsFile, int count) {
        List<Sample> out = new ArrayList<>();
        try (IdxReader reader = IdxReader.open(imagesFile, labelsFile, "test")) {
            for (Sample s = reader.next(); s != null && out.size() < count; s = reader.next()) out.add(s);
        }
        return out;
    }

    private static GrayImage toGray(Sample s) {
        float[] px = new float[s.pixels().length];
        for (int i = 0; i < px.length; i++) px[i] = s.pixels()[i] & 0xff;
        return new GrayImage(s.width(), s.height(), px);
    }
}
