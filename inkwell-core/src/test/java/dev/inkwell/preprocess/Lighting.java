package dev.inkwell.preprocess;

import java.awt.image.BufferedImage;
import java.util.Random;

/** Uneven light for test pictures: a drawing multiplied by a light field (0–1 by page position), plus sensor noise. */
final class Lighting {
    /** Brightness factor at (u, v), both 0–1 across the page. */
    interface Field {
        double at(double u, double v);
    }

    private Lighting() {
    }

    /** Falls off linearly by {@code depth} across the page towards {@code degrees} (0 = to the right, 90 = down). */
    static Field gradient(double degrees, double depth) {
        double cos = Math.cos(Math.toRadians(degrees));
        double sin = Math.sin(Math.toRadians(degrees));
        double lo = Math.min(0, cos) + Math.min(0, sin);
        double hi = Math.max(0, cos) + Math.max(0, sin);
        return (u, v) -> 1 - depth * (u * cos + v * sin - lo) / (hi - lo);
    }

    /** A lamp's bright spot at (x, y) (page fractions), falling off by {@code depth} one page diagonal away. */
    static Field lamp(double x, double y, double depth) {
        return (u, v) -> 1 - depth * Math.min(1, Math.hypot(u - x, v - y) / Math.sqrt(2));
    }

    /** {@code field} darkened by a vertical shadow band centred at {@code centre}, soft-edged over its outer thirds. */
    static Field withShadowBand(Field field, double centre, double width, double depth) {
        return (u, v) -> {
            double t = Math.abs(u - centre) / (width / 2); // 0 at the centre, 1 at the band's edge
            double inside = t < 1 / 3.0 ? 1 : t > 5 / 3.0 ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * (t - 1 / 3.0) / (4 / 3.0));
            return field.at(u, v) * (1 - depth * inside);
        };
    }

    /**
     * {@code drawing} (its colours read as reflectance) lit by {@code field}, on paper whose fibre varies its
     * brightness by ±{@code grain} (a fraction) over a few pixels, with Gaussian sensor noise of {@code sigma}.
     */
    static BufferedImage photo(BufferedImage drawing, Field field, double grain, double sigma, long seed) {
        int w = drawing.getWidth();
        int h = drawing.getHeight();
        Random random = new Random(seed);
        float[] fibre = fibre(w, h, grain, random);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double light = field.at((x + 0.5) / w, (y + 0.5) / h) * fibre[y * w + x];
                int rgb = drawing.getRGB(x, y);
                double noise = random.nextGaussian() * sigma;
                int r = clamp(((rgb >> 16) & 0xff) * light + noise);
                int g = clamp(((rgb >> 8) & 0xff) * light + noise);
                int b = clamp((rgb & 0xff) * light + noise);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    /** A brightness factor 1 ± {@code grain}, random on a 6-px grid and bilinear between its points. */
    private static float[] fibre(int w, int h, double grain, Random random) {
        int cell = 6;
        int gw = w / cell + 2;
        float[] grid = new float[gw * (h / cell + 2)];
        for (int i = 0; i < grid.length; i++) grid[i] = (float) ((random.nextDouble() * 2 - 1) * grain);
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            float fy = (y % cell) / (float) cell;
            int row = (y / cell) * gw;
            for (int x = 0; x < w; x++) {
                float fx = (x % cell) / (float) cell;
                int i = row + x / cell;
                float top = grid[i] * (1 - fx) + grid[i + 1] * fx;
                float bottom = grid[i + gw] * (1 - fx) + grid[i + gw + 1] * fx;
                out[y * w + x] = 1 + top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
