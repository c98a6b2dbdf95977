package dev.inkwell.preprocess;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.LumaImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Turns a picture into model input.
 *
 * <p>The {@code mnist} profile follows the recipe MNIST itself was made with, after cleaning up what real pictures
 * add: transparency is flattened, the picture goes grey, ink is made white on black whichever way round it was,
 * the paper's level is estimated and taken off, lighting and shadows included (see {@link Background}), a
 * threshold (Otsu's, kept above the paper's grain: {@link InkThreshold}) separates ink from paper while the strokes
 * keep their grey levels, specks and soft-edged shadow remnants are dropped ({@link InkBlobs}), ink blobs are
 * grouped into digits left to right, and each digit is cropped, optionally deskewed, brought to MNIST stroke width,
 * fitted into 20×20 with area averaging and placed into 28×28 by its centre of mass.
 *
 * <p>The {@code resize} profile (for models trained on whole small pictures, e.g. CIFAR-style) only flattens,
 * greys and area-resizes the picture to the model's size.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Preprocessor {
    static final int ANALYSIS_MAX_SIDE = 1024;
    /** Digits are worked on with their longest side at 80 px: 4× the 20-px box, enough to adjust strokes finely. */
    static final int WORK_SIDE = 80;
    static final int BOX_SIDE = 20;
    /** Box pixels per working-image pixel. */
    private static final double PER_WORK_PIXEL = (double) BOX_SIDE / WORK_SIDE;
    static final int MNIST_SIDE = 28;
    /**
     * Typical MNIST stroke width in 28×28 pixels, as estimated by {@link #strokeWidth}: the median over the 10 000
     * MNIST test digits sent through this pipeline with stroke normalisation off (2.57; 1st percentile 1.43,
     * 99th 5.01). Only strokes outside MNIST's own 1st–99th percentile range are changed, to this width.
     */
    static final double MNIST_STROKE_WIDTH = 2.5;
    static final double THIN_STROKE = 0.58;
    static final double THICK_STROKE = 2.0;
    /** At most this many ink blobs (the largest) are grouped into digits; the rest count as specks. */
    static final int MAX_BLOBS = 256;
    /** Below this ink-over-background contrast (grey levels) a picture is considered blank. */
    static final float MIN_CONTRAST = 24f;
    /** Drawings shorter than this (px, long side) are analysed as they come: they cost little (see reduceDrawing). */
    static final int REDUCED_MIN_SIDE = 512;
    /** A drawing is analysed reduced only as far as keeps its strokes this wide (px; see reduceDrawing). */
    static final double REDUCED_STROKE = 3;
    /** ... and its ink this high (px): a digit still fills the 80-px working size without being enlarged. */
    static final int REDUCED_INK = 80;
    /** ... and its short side this long (px): the paper's thumbnail needs room. */
    static final int REDUCED_SHORT_SIDE = 64;

    private final String profile;
    private final PreprocessOptions options;
    private final int resizeWidth;
    private final int resizeHeight;

    private Preprocessor(String profile, PreprocessOptions options, int resizeWidth, int resizeHeight) {
        this.profile = profile;
        this.options = Objects.requireNonNull(options, "options");
        this.resizeWidth = resizeWidth;
        this.resizeHeight = resizeHeight;
    }

    /** The MNIST profile with {@code options}. */
    public Preprocessor(PreprocessOptions options) {
        this("mnist", options, MNIST_SIDE, MNIST_SIDE);
    }

    public static Preprocessor mnist(PreprocessOptions options) {
        return new Preprocessor(options);
    }

    /** The resize profile: the whole picture, grey, area-resized to {@code width}×{@code height}. */
    public static Preprocessor resize(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("size must be positive");
        return new Preprocessor("resize", PreprocessOptions.DEFAULT, width, height);
    }

    public String profile() {
        return profile;
    }

    public PreprocessOptions options() {
        return options;
    }

    public PreprocessResult process(BufferedImage image) {
        return process(image, image.getWidth(), image.getHeight());
    }

    /**
     * Processes {@code image}, decoded from a picture of {@code sourceWidth}×{@code sourceHeight} pixels with
     * subsampling (see {@link #neededSide()}): boxes and the report are in the source picture's pixels.
     */
    public PreprocessResult process(BufferedImage image, int sourceWidth, int sourceHeight) {
        return process(LumaImage.of(image), sourceWidth, sourceHeight);
    }

    /**
     * As {@link #process(BufferedImage, int, int)}, for a picture already turned into luma and opacity (a PNG decoded
     * straight to them: {@link dev.inkwell.image.ImageDecoder#decodeLumaAtMost}). Its luma array is flattened in place.
     */
    public PreprocessResult process(LumaImage picture, int sourceWidth, int sourceHeight) {
        if (sourceWidth < picture.width() || sourceHeight < picture.height()) {
            throw new IllegalArgumentException("the source picture cannot be smaller than its decoded image");
        }
        Flattened flat = Flattened.of(picture, !"resize".equals(profile));
        return process(flat.grey(), flat.alphaFlattened(), flat.background(), sourceWidth, sourceHeight);
    }

    /** Processes an opaque grey picture (any size, 0–255). */
    public PreprocessResult process(GrayImage picture) {
        return process(picture, false, -1, picture.width(), picture.height());
    }

    /**
     * The most pixels along a picture's long side this preprocessor looks at: a picture decoded with subsampling
     * down to about this size reads the same, at a fraction of the cost (see ImageDecoder).
     */
    public int neededSide() {
        return ANALYSIS_MAX_SIDE;
    }

    private PreprocessResult process(GrayImage grey, boolean alphaFlattened, int background, int sourceWidth,
                                     int sourceHeight) {
        if ("resize".equals(profile)) {
            GrayImage out = clamp(Resampler.resize(grey, resizeWidth, resizeHeight));
            Box all = new Box(0, 0, sourceWidth, sourceHeight);
            double scale = (double) resizeWidth / sourceWidth;
            PreprocessReport report = new PreprocessReport(profile, sourceWidth, sourceHeight, alphaFlattened,
                    background, (double) sourceWidth / grey.width(), null, 0, all, 0, 0, 0, 1, scale, 0, 0, 0);
            return new PreprocessResult(List.of(new DigitCrop(all, out)), report);
        }
        return new MnistRun(grey, alphaFlattened, background, sourceWidth, sourceHeight).run();
    }

    /** One picture through the MNIST profile; holds the intermediate images of that picture. */
    private final class MnistRun {
        private final int sourceWidth;
        private final int sourceHeight;
        private final boolean alphaFlattened;
        private final int background;
        private GrayImage grey;
        /**
         * The part of the source picture the analysed one covers, in source pixels: all of it, or less a strip
         * narrower than one cell (see reduceDrawing).
         */
        private double originX;
        private double originY;
        private double spanWidth;
        private double spanHeight;

        MnistRun(GrayImage decoded, boolean alphaFlattened, int background, int sourceWidth, int sourceHeight) {
            this.sourceWidth = sourceWidth;
            this.sourceHeight = sourceHeight;
            this.alphaFlattened = alphaFlattened;
            this.background = background;
            this.grey = decoded;
            this.spanWidth = sourceWidth;
            this.spanHeight = sourceHeight;
        }

        PreprocessResult run() {
            Background.Tones tones = Background.Tones.of(grey.pixels());
            boolean reduced = reduceDrawing(tones);
            if (shrinkForAnalysis() && !reduced) tones = Background.Tones.of(grey.pixels()); // as it always was
            int w = grey.width();
            int h = grey.height();
            float[] g = grey.pixels();

            // polarity: from the whole picture when it is a clean drawing, from what stands out locally on a photo
            // (a lamp can make one side of a page darker than the ink on the other; see Background)
            Background paper = Background.of(grey, tones);
            boolean lightBackground = paper.darkInk();
            Polarity polarity = lightBackground ? Polarity.DARK_ON_LIGHT : Polarity.LIGHT_ON_DARK;
            float[] ink = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                float v = g[i] > 0 ? Filters.atMost(g[i], 255) : 0; // NaN counts as background
                ink[i] = lightBackground ? 255 - v : v;
            }

            // the paper's level (uneven lighting, shadows) subtracted, so one threshold fits the whole picture
            Background.Signal paperless = paper.signal(ink);
            float[] signal = paperless.values();
            float maxSignal = Filters.peak(signal);
            if (maxSignal < MIN_CONTRAST) {
                return empty(polarity, 0, paperless.shadows(), 0);
            }
            GrayImage signalImage = new GrayImage(w, h, signal);
            float[] forMask = Math.max(w, h) >= 150 ? Filters.blur3(signalImage).pixels() : signal;
            InkThreshold inkLevel = InkThreshold.of(forMask, maxSignal);
            int threshold = inkLevel.level();
            boolean[] mask = new boolean[signal.length];
            for (int i = 0; i < mask.length; i++) mask[i] = forMask[i] > threshold;

            Components components = Components.label(mask, w, h);
            InkBlobs judged = InkBlobs.judge(components, forMask, inkLevel, paper.drawing(), w, h);
            int largest = 0;
            for (Components.Blob b : components.blobs) {
                if (judged.isInk(b.label())) largest = Math.max(largest, b.area());
            }
            List<Components.Blob> kept = new ArrayList<>();
            boolean[] keptLabel = new boolean[components.blobs.size() + 1];
            for (Components.Blob b : components.blobs) {
                if (judged.isInk(b.label()) && b.area() >= Math.max(2, 0.03 * largest)) {
                    kept.add(b);
                    keptLabel[b.label()] = true;
                }
            }
            if (kept.size() > MAX_BLOBS) { // a picture of thousands of dots is not writing: bound the grouping work
                kept.sort(Comparator.comparingInt(Components.Blob::area).reversed());
                for (Components.Blob b : kept.subList(MAX_BLOBS, kept.size())) keptLabel[b.label()] = false;
                kept = new ArrayList<>(kept.subList(0, MAX_BLOBS));
            }
            int specks = components.blobs.size() - kept.size() - judged.soft();
            for (Components.Blob furniture : furniture(kept, w, h)) {
                kept.remove(furniture);
                keptLabel[furniture.label()] = false;
            }
            if (kept.isEmpty()) {
                return empty(polarity, threshold, paperless.shadows(), judged.soft());
            }
            Levels levels = levels(signal, mask, components.labels, keptLabel, w, h, threshold);

            List<Segmenter.Group> groups = Segmenter.group(kept, components.labels, w, options.segment(),
                    options.maxDigits());
            List<DigitCrop> digits = new ArrayList<>();
            DigitStats first = null;
            int inkMinX = Integer.MAX_VALUE;
            int inkMinY = Integer.MAX_VALUE;
            int inkMaxX = 0;
            int inkMaxY = 0;
            for (Segmenter.Group group : groups) {
                DigitStats stats = new DigitStats();
                GrayImage crop = cropInk(group, signal, components.labels, keptLabel, w, h, levels);
                GrayImage model = toModelSpace(crop, stats);
                Box box = toSource(group.minX, group.minY, group.maxX, group.maxY);
                stats.scale = (double) BOX_SIDE / Math.max(box.width(), box.height());
                digits.add(new DigitCrop(box, model));
                if (first == null) first = stats;
                inkMinX = Math.min(inkMinX, group.minX);
                inkMinY = Math.min(inkMinY, group.minY);
                inkMaxX = Math.max(inkMaxX, group.maxX);
                inkMaxY = Math.max(inkMaxY, group.maxY);
            }
            Box inkBox = toSource(inkMinX, inkMinY, inkMaxX, inkMaxY);
            PreprocessReport report = new PreprocessReport(profile, sourceWidth, sourceHeight, alphaFlattened,
                    background, analysisScale(), polarity, threshold, inkBox, specks, paperless.shadows(), judged.soft(),
                    digits.size(), first.scale, first.strokeWidth, first.strokeAdjustment, first.deskewDegrees);
            return new PreprocessResult(digits, report);
        }

        private PreprocessResult empty(Polarity polarity, double threshold, int shadowsFollowed, int shadowBlobs) {
            PreprocessReport report = new PreprocessReport(profile, sourceWidth, sourceHeight, alphaFlattened,
                    background, analysisScale(), polarity, threshold, null, 0, shadowsFollowed, shadowBlobs, 0, 0, 0, 0, 0);
            return new PreprocessResult(List.of(), report);
        }

        /**
         * Huge pictures are analysed at most 1024 px wide/high: plenty for a handwritten number, bounded cost.
         * Returns whether the picture was shrunk.
         */
        private boolean shrinkForAnalysis() {
            int longest = Math.max(grey.width(), grey.height());
            if (longest <= ANALYSIS_MAX_SIDE) return false;
            double f = (double) ANALYSIS_MAX_SIDE / longest;
            int nw = Math.max(1, (int) Math.round(grey.width() * f));
            int nh = Math.max(1, (int) Math.round(grey.height() * f));
            grey = Resampler.resize(grey, nw, nh);
            return true;
        }

        /**
         * A clean drawing (a canvas, an export) whose strokes and digits are far bigger than the analysis needs is
         * analysed at 1/f of its size, f×f cells averaged: a 600×600 canvas with a 30-px brush costs what a 150×150
         * one does, and reads the same. f keeps the strokes at least {@link #REDUCED_STROKE} px wide and the ink at
         * least {@link #REDUCED_INK} px high (a digit then still spans the 80-px working size). The cells are
         * aligned to the ink's top-left corner, so moving the ink moves nothing within them. Photos are never
         * reduced here: their thin strokes and grain need every pixel.
         */
        private boolean reduceDrawing(Background.Tones tones) {
            if (!tones.drawing()) return false;
            int w = grey.width();
            int h = grey.height();
            if (Math.max(w, h) < REDUCED_MIN_SIDE || Math.min(w, h) < 2 * REDUCED_SHORT_SIDE) return false;
            float[] g = grey.pixels();
            int t = tones.split().threshold();
            boolean dark = tones.darkInk();
            long area = 0;
            long edges = 0;
            int minX = w;
            int minY = h;
            int maxY = -1;
            boolean[] above = new boolean[w];
            for (int y = 0; y < h; y++) {
                boolean left = false;
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    int bin = Filters.bin(g[row + x]);
                    boolean ink = dark ? bin <= t : bin > t; // Otsu's classes: "at or below" and "above"
                    if (ink) {
                        area++;
                        minX = Math.min(minX, x);
                        minY = Math.min(minY, y);
                        maxY = y;
                    }
                    if (x > 0 && ink != left) edges++;
                    if (y > 0 && ink != above[x]) edges++;
                    left = ink;
                    above[x] = ink;
                }
            }
            if (area == 0 || edges == 0) return false;
            double stroke = 2.0 * area / edges; // exact for straight bars, less for slanted ones: errs on the safe side
            int f = (int) Math.min(stroke / REDUCED_STROKE,
                    Math.min((maxY - minY + 1) / (double) REDUCED_INK, Math.min(w, h) / (double) REDUCED_SHORT_SIDE));
            if (f < 2) return false;
            int ox = minX % f;
            int oy = minY % f;
            int nw = (w - ox) / f;
            int nh = (h - oy) / f;
            double sx = spanWidth / w; // source pixels per decoded one
            double sy = spanHeight / h;
            grey = new GrayImage(nw, nh, cellMeans(g, w, ox, oy, f, nw, nh));
            originX = ox * sx;
            originY = oy * sy;
            spanWidth = nw * f * sx;
            spanHeight = nh * f * sy;
            return true;
        }

        /** Source pixels per analysed pixel (1 when the picture was analysed as it came). */
        private double analysisScale() {
            return spanWidth / grey.width();
        }

        private Box toSource(int minX, int minY, int maxX, int maxY) {
            double sx = spanWidth / grey.width();
            double sy = spanHeight / grey.height();
            int x0 = Math.min(sourceWidth - 1, (int) Math.floor(originX + minX * sx));
            int y0 = Math.min(sourceHeight - 1, (int) Math.floor(originY + minY * sy));
            int x1 = Math.min(sourceWidth, (int) Math.ceil(originX + maxX * sx));
            int y1 = Math.min(sourceHeight, (int) Math.ceil(originY + maxY * sy));
            return new Box(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
        }
    }

    /** Means of the f×f cells of {@code g} (width {@code w}) starting at ({@code ox}, {@code oy}): nw×nh of them. */
    static float[] cellMeans(float[] g, int w, int ox, int oy, int f, int nw, int nh) {
        float[] out = new float[nw * nh];
        float[] sums = new float[nw];
        float k = 1f / (f * f);
        for (int cy = 0; cy < nh; cy++) {
            Arrays.fill(sums, 0);
            for (int y = oy + cy * f; y < oy + (cy + 1) * f; y++) {
                int p = y * w + ox;
                int cx = 0;
                // two cells side by side: each cell's additions in the same order as one at a time (the same floats),
                // but two chains of dependent additions in flight instead of one
                for (; cx + 1 < nw; cx += 2, p += 2 * f) {
                    float s0 = 0;
                    float s1 = 0;
                    for (int i = 0; i < f; i++) {
                        s0 += g[p + i];
                        s1 += g[p + f + i];
                    }
                    sums[cx] += s0;
                    sums[cx + 1] += s1;
                }
                for (; cx < nw; cx++, p += f) {
                    float s = 0;
                    for (int i = 0; i < f; i++) s += g[p + i];
                    sums[cx] += s;
                }
            }
            for (int cx = 0; cx < nw; cx++) out[cy * nw + cx] = sums[cx] * k;
        }
        return out;
    }

    /**
     * Blobs that are part of the page, not of the writing: a frame around everything (a screenshot's window, a
     * scanned form's box: touches all four sides and encloses other ink) and full-width rules (a title bar, a
     * ruled line: touches left and right, flat). Only removed when other ink remains.
     */
    static List<Components.Blob> furniture(List<Components.Blob> blobs, int w, int h) {
        List<Components.Blob> out = new ArrayList<>();
        if (blobs.size() < 2) return out;
        for (Components.Blob b : blobs) {
            boolean left = b.minX() == 0;
            boolean right = b.maxX() == w;
            boolean top = b.minY() == 0;
            boolean bottom = b.maxY() == h;
            boolean encloses = false;
            for (Components.Blob o : blobs) {
                if (o != b && o.minX() >= b.minX() && o.maxX() <= b.maxX() && o.minY() >= b.minY() && o.maxY() <= b.maxY()) {
                    encloses = true;
                    break;
                }
            }
            boolean frame = left && right && top && bottom && encloses;
            boolean rule = left && right && b.height() < 0.15 * h;
            if (frame || rule) out.add(b);
        }
        return out.size() == blobs.size() ? List.of() : out;
    }

    /** Per-digit facts kept for the report. */
    private static final class DigitStats {
        double scale;
        double strokeWidth;
        double strokeAdjustment;
        double deskewDegrees;
    }

    /** How signal maps to ink grey: {@code lo} (paper noise) to 0, {@code hi} (solid stroke) to 255. */
    private record Levels(float lo, float hi) {
    }

    /**
     * Ink levels of the picture: solid ink is the 90th percentile of the ink pixels; the floor sits just above the
     * paper's own noise (measured away from the ink), so clean pictures keep their anti-aliased stroke edges and
     * noisy photos lose their grain.
     */
    private static Levels levels(float[] signal, boolean[] mask, int[] labels, boolean[] keptLabel, int w, int h,
                                 int threshold) {
        boolean[] near = Filters.near(mask, w, h, 2);
        float hi;
        float noise;
        try (Filters.Histogram ink = Filters.Histogram.open(); Filters.Histogram paper = Filters.Histogram.open()) {
            for (int i = 0; i < signal.length; i++) {
                if (mask[i] && keptLabel[labels[i]]) {
                    ink.add(signal[i]);
                } else if (!near[i]) {
                    paper.add(signal[i]);
                }
            }
            hi = ink.quantile(0.9);
            noise = paper.quantile(0.99);
        }
        float lo = Math.min(noise * 1.5f, threshold * 0.6f);
        if (hi <= lo + 1) hi = lo + 1;
        return new Levels(lo, hi);
    }

    /**
     * The digit's ink, 0–255, cropped to its box (plus a 2-px fringe that keeps anti-aliased edges below the
     * threshold). Pixels of other digits and of dropped specks stay black.
     */
    private static GrayImage cropInk(Segmenter.Group group, float[] signal, int[] labels, boolean[] keptLabel,
                                     int w, int h, Levels levels) {
        int pad = 2;
        int x0 = Math.max(0, group.minX - pad);
        int y0 = Math.max(0, group.minY - pad);
        int x1 = Math.min(w, group.maxX + pad);
        int y1 = Math.min(h, group.maxY + pad);
        x0 = Math.max(x0, group.clipMinX);
        x1 = Math.min(x1, group.clipMaxX);
        int cw = x1 - x0;
        int ch = y1 - y0;
        boolean[] own = new boolean[cw * ch];
        // Segmenter.Group.owns as a lookup table: x already lies inside the group's clip range here
        boolean[] ownLabel = new boolean[keptLabel.length];
        for (Components.Blob b : group.blobs) ownLabel[b.label()] = true;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int label = labels[y * w + x];
                own[(y - y0) * cw + (x - x0)] = ownLabel[label];
            }
        }
        boolean[] near = Filters.near(own, cw, ch, pad);
        float[] out = new float[cw * ch];
        float span = levels.hi() - levels.lo();
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = (y - y0) * cw + (x - x0);
                int label = labels[y * w + x];
                boolean foreign = label != 0 && !ownLabel[label];
                if (!near[i] || foreign) continue;
                float v = (signal[y * w + x] - levels.lo()) / span;
                out[i] = 255f * Filters.clamp(v, 1);
            }
        }
        return trim(new GrayImage(cw, ch, out), 0.5f);
    }

    /** Crop → (deskew) → 80-px working size → stroke width → 20-px box → 28×28 by centre of mass. */
    private GrayImage toModelSpace(GrayImage crop, DigitStats stats) {
        GrayImage digit = crop;
        if (options.deskew()) {
            double skew = Moments.skew(digit);
            stats.deskewDegrees = Math.toDegrees(Math.atan(skew));
            digit = trim(Moments.shear(digit, skew), 0.5f);
        }
        // strokes are measured (and adjusted) at 4× the 20-px box; untouched digits go straight from the crop to
        // the box, so a picture that is already MNIST-like is not blurred by a needless round trip. The working
        // image is only looked at unless its stroke is adjusted: it is made in a reused array, copied when kept
        int longest = Math.max(digit.width(), digit.height());
        int ww = fitted(digit.width(), longest, WORK_SIDE);
        int wh = fitted(digit.height(), longest, WORK_SIDE);
        float[] workPixels = Scratch.floats(ww * wh);
        try {
            Resampler.resizeInto(digit, ww, wh, workPixels);
            double width = strokeWidth(workPixels, ww, wh) * PER_WORK_PIXEL;
            stats.strokeWidth = width;
            boolean adjust = width < THIN_STROKE * MNIST_STROKE_WIDTH || width > THICK_STROKE * MNIST_STROKE_WIDTH;
            if (options.normalizeStroke() && adjust) {
                digit = adjustStroke(digit, new GrayImage(ww, wh, Arrays.copyOf(workPixels, ww * wh)), width, stats);
            }
        } finally {
            Scratch.give(workPixels);
        }
        GrayImage box = fitLongestSide(digit, BOX_SIDE);
        return centreByMass(normalizePeak(box));
    }

    /** The digit with its stroke brought towards MNIST's from {@code width} (measured on {@code work}). */
    private static GrayImage adjustStroke(GrayImage digit, GrayImage work, double width, DigitStats stats) {
        if (width < THIN_STROKE * MNIST_STROKE_WIDTH) {
            int r = (int) Math.max(1, Math.min(8, Math.round((MNIST_STROKE_WIDTH - width) / PER_WORK_PIXEL / 2)));
            stats.strokeAdjustment = 2 * r * PER_WORK_PIXEL;
            return trim(Filters.disc(pad(work, r), r, true), 0.5f);
        }
        int r = (int) Math.max(1, Math.min(8, Math.round((width - MNIST_STROKE_WIDTH) / PER_WORK_PIXEL / 2)));
        GrayImage thinner = Filters.disc(work, r, false);
        if (sum(thinner) < 0.3 * sum(work)) return digit; // never erode a digit away
        stats.strokeAdjustment = -2 * r * PER_WORK_PIXEL;
        return trim(thinner, 0.5f);
    }

    /** Stroke width in pixels of {@code img}: 4·mean(distance to background) − 2 over the ink (exact for bars). */
    static double strokeWidth(GrayImage img) {
        return strokeWidth(img.pixels(), img.width(), img.height());
    }

    /** {@link #strokeWidth(GrayImage)} of the w×h picture in {@code px[0..w·h)}. */
    private static double strokeWidth(float[] px, int w, int h) {
        float cut = Math.min(127.5f, Filters.peak(px, w * h) / 2);
        Filters.InkDistances ink = Filters.inkDistances(px, w, h, cut);
        return ink.count() == 0 ? 0 : Math.max(1, 4 * (ink.sumThirds() / 3.0) / ink.count() - 2);
    }

    private static GrayImage fitLongestSide(GrayImage img, int side) {
        int longest = Math.max(img.width(), img.height());
        return Resampler.resize(img, fitted(img.width(), longest, side), fitted(img.height(), longest, side));
    }

    /** A side of {@code length} scaled so that the picture's {@code longest} side becomes {@code side}. */
    private static int fitted(int length, int longest, int side) {
        double f = (double) side / longest;
        return Math.max(1, Math.min(side, (int) Math.round(length * f)));
    }

    private static GrayImage normalizePeak(GrayImage img) {
        float peak = Filters.peak(img.pixels());
        float[] out = img.pixels().clone();
        if (peak > 0) {
            float k = 255f / peak;
            for (int i = 0; i < out.length; i++) out[i] = Filters.atMost(out[i] * k, 255);
        }
        return new GrayImage(img.width(), img.height(), out);
    }

    /** MNIST's placement: the box's centre of mass lands on pixel (14, 14) of the 28×28 image. */
    static GrayImage centreByMass(GrayImage box) {
        double m = 0;
        double mx = 0;
        double my = 0;
        for (int y = 0; y < box.height(); y++) {
            for (int x = 0; x < box.width(); x++) {
                double v = box.at(x, y);
                m += v;
                mx += v * x;
                my += v * y;
            }
        }
        double cx = m > 0 ? mx / m : (box.width() - 1) / 2.0;
        double cy = m > 0 ? my / m : (box.height() - 1) / 2.0;
        // MNIST's centre of mass sits on pixel index 14 (measured: 14.01, 13.99 over its test set), not on 13.5
        int ox = (int) Math.round(MNIST_SIDE / 2.0 - cx);
        int oy = (int) Math.round(MNIST_SIDE / 2.0 - cy);
        ox = Math.max(0, Math.min(MNIST_SIDE - box.width(), ox));
        oy = Math.max(0, Math.min(MNIST_SIDE - box.height(), oy));
        float[] out = new float[MNIST_SIDE * MNIST_SIDE];
        for (int y = 0; y < box.height(); y++) {
            for (int x = 0; x < box.width(); x++) {
                out[(y + oy) * MNIST_SIDE + x + ox] = Filters.clamp(box.at(x, y), 255);
            }
        }
        return new GrayImage(MNIST_SIDE, MNIST_SIDE, out);
    }

    /** Crops to the pixels above {@code floor}; a 1×1 black image when none is. */
    static GrayImage trim(GrayImage img, float floor) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                if (img.at(x, y) > floor) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) return new GrayImage(1, 1, new float[1]);
        int w = maxX - minX + 1;
        int h = maxY - minY + 1;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.pixels(), (y + minY) * img.width() + minX, out, y * w, w);
        }
        return new GrayImage(w, h, out);
    }

    private static GrayImage pad(GrayImage img, int r) {
        int w = img.width() + 2 * r;
        int h = img.height() + 2 * r;
        float[] out = new float[w * h];
        for (int y = 0; y < img.height(); y++) {
            System.arraycopy(img.pixels(), y * img.width(), out, (y + r) * w + r, img.width());
        }
        return new GrayImage(w, h, out);
    }

    private static double sum(GrayImage img) {
        double s = 0;
        for (float v : img.pixels()) s += v;
        return s;
    }

    private static GrayImage clamp(GrayImage img) {
        float[] out = img.pixels().clone();
        for (int i = 0; i < out.length; i++) out[i] = Filters.clamp(out[i], 255);
        return new GrayImage(img.width(), img.height(), out);
    }

    /** Median grey of the outer ring (2 % of the shorter side, at least 1 px): the picture's background. */
    static float borderMedian(GrayImage img) {
        int w = img.width();
        int h = img.height();
        int ring = Math.max(1, Math.min(w, h) / 50);
        float[] values = new float[w * h];
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x < ring || y < ring || x >= w - ring || y >= h - ring) {
                    values[n++] = img.at(x, y);
                }
            }
        }
        return Filters.quantile(values, n, 0.5);
    }

    /** A picture reduced to grey, with transparency composited onto a background that contrasts with its content. */
    record Flattened(GrayImage grey, boolean alphaFlattened, int background) {
        static Flattened of(LumaImage picture, boolean contrastingBackground) {
            int w = picture.width();
            int h = picture.height();
            float[] lum = picture.luma();
            float[] alpha = picture.alpha();
            if (alpha == null) {
                return new Flattened(new GrayImage(w, h, lum), false, -1);
            }
            boolean transparent = false;
            for (int i = 0; i < alpha.length && !transparent; i++) transparent = alpha[i] < 250f / 255f;
            if (!transparent) { // most canvases: opaque, and nothing below is needed
                return new Flattened(new GrayImage(w, h, lum), false, -1);
            }
            double contentSum = 0;
            double contentWeight = 0;
            for (int i = 0; i < lum.length; i++) {
                float a = alpha[i];
                if (a >= 0.5f) {
                    contentSum += (double) lum[i] * a;
                    contentWeight += a;
                }
            }
            // light ink on a transparent canvas must not vanish into white: flatten onto the contrasting side
            boolean lightContent = contentWeight > 0 && contentSum / contentWeight > 127.5;
            int bg = contrastingBackground && lightContent ? 0 : 255;
            for (int i = 0; i < lum.length; i++) lum[i] = alpha[i] * lum[i] + (1 - alpha[i]) * bg; // in place: big pictures
            return new Flattened(new GrayImage(w, h, lum), true, bg);
        }
    }
}
