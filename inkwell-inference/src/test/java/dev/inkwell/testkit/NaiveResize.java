package dev.inkwell.testkit;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * What the replaced projects do (seed 001): the whole picture flattened onto white and resized straight to
 * 28×28 with bilinear interpolation, then inverted when it is mostly light. The baseline of the test report.
 */
public final class NaiveResize {
    private NaiveResize() {
    }

    public static GrayImage toModelInput(BufferedImage picture) {
        BufferedImage small = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 28, 28);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(picture, 0, 0, 28, 28, null);
        g.dispose();
        GrayImage grey = GrayImages.luminance(small);
        float[] px = grey.pixels().clone();
        double mean = 0;
        for (float v : px) mean += v;
        mean /= px.length;
        if (mean > 127.5) {
            for (int i = 0; i < px.length; i++) px[i] = 255 - px[i];
        }
        return new GrayImage(28, 28, px);
    }
}
