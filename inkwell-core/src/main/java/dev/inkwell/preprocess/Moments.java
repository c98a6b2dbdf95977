package dev.inkwell.preprocess;

import dev.inkwell.image.GrayImage;

/** Image moments for deskewing: the slant of writing is mu11/mu02, undone by a horizontal shear. */
final class Moments {
    /** Slants beyond ±35° are writing style or noise, not skew. */
    static final double MAX_SKEW = 0.7;

    private Moments() {
    }

    static double skew(GrayImage img) {
        double m = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                double v = img.at(x, y);
                m += v;
                mx += v * x;
                my += v * y;
            }
        }
        if (m <= 0) return 0;
        double cx = mx / m;
        double cy = my / m;
        double mu11 = 0;
        double mu02 = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                double v = img.at(x, y);
                mu11 += v * (x - cx) * (y - cy);
                mu02 += v * (y - cy) * (y - cy);
            }
        }
        if (mu02 < 1e-6) return 0;
        return Math.max(-MAX_SKEW, Math.min(MAX_SKEW, mu11 / mu02));
    }

    /** Shears rows by {@code -skew·(y − centre)} so a slanted stroke stands upright; the canvas widens to fit. */
    static GrayImage shear(GrayImage img, double skew) {
        int w = img.width();
        int h = img.height();
        int extra = (int) Math.ceil(Math.abs(skew) * h);
        int nw = w + extra;
        double cy = (h - 1) / 2.0;
        double offset = extra / 2.0;
        float[] out = new float[nw * h];
        for (int y = 0; y < h; y++) {
            double shift = skew * (y - cy) - offset;
            for (int x = 0; x < nw; x++) {
                double sx = x + shift;
                int x0 = (int) Math.floor(sx);
                double t = sx - x0;
                float a = x0 >= 0 && x0 < w ? img.at(x0, y) : 0;
                float b = x0 + 1 >= 0 && x0 + 1 < w ? img.at(x0 + 1, y) : 0;
                out[y * nw + x] = (float) (a * (1 - t) + b * t);
            }
        }
        return new GrayImage(nw, h, out);
    }
}
