package dev.inkwell.preprocess;

import dev.inkwell.image.GrayImage;

/**
 * The paper under the ink: which way round ink and paper are, and how bright the paper is at every pixel, so that
 * what is left is ink whatever the lighting.
 *
 * <p>Both are estimated on one thumbnail (at most 128 px), where pen strokes are thin and shadows wide. A clean
 * drawing (a canvas, a screenshot, an export: two grey levels and little between) is judged as a whole, as it
 * always was. A photo is judged <em>locally</em>: a lamp or a shadow can make one side of a page darker than the
 * ink on the other, so no global level tells ink from paper. The paper level is a grey opening (in ink space:
 * min, then max) at two scales: a wide window, a quarter of the picture, that keeps even marker strokes out of the
 * paper, and on photos a narrow one, 4 % of the picture, that follows shadows. Where the narrow one lies higher,
 * the difference is a thick stroke or a shadow: a stroke's edge is steep (ink against paper within a pixel or
 * two), a shadow's soft (its penumbra spreads over tens of pixels), and only the soft ones are taken into the
 * paper.
 *
 * <p>On light paper the ink is then measured relative to the paper's own brightness, as the best-lit paper
 * would show it: light multiplies paper and ink alike, so a stroke in a shadow is as dark, relatively, as one in
 * full light, and one threshold fits both.
 */
final class Background {
    /** Below this short side a picture has no room for lighting to vary: its border is its paper level. */
    static final int MIN_SIDE = 48;
    /** Long side of the thumbnail a photo's polarity and shadows are judged on; the wide opening works at half this. */
    static final int THUMB_SIDE = 128;
    /**
     * Share of the grey levels' variance between Otsu's two classes above which a picture is a clean drawing (ink
     * on evenly lit paper: 0.97 and more for every canvas, screenshot and export among the fixtures) rather than a
     * photo whose paper spreads over many levels (0.53–0.85 for the photos).
     */
    static final double TWO_LEVELS = 0.9;
    /**
     * Radius (thumbnail pixels) of the window that follows shadows: 5 px of 128, 4 % of the long side, wider than
     * any pen stroke, narrower than a shadow. (1 px also followed a pen's narrow shadow but took strokes crossing
     * each other for shadows; 4 px missed shadow bands a sixth of the page wide.)
     */
    static final int FOLLOW_RADIUS = 2;
    /** Grey levels by which the narrow opening must exceed the wide one to count as a shadow or a stroke. */
    static final float REGION_LEVEL = 6;
    /**
     * A region is ink when somewhere its level changes by this fraction of the paper's brightness from one
     * thumbnail pixel to the next: ink against paper does (even pencil, 40 % darker), a shadow's penumbra
     * (under 15 % per pixel in the photo fixtures, however deep the shadow) does not.
     */
    static final double STEEP_EDGE = 0.3;
    /**
     * A region is also ink when somewhere it rises by this fraction of its own height from one thumbnail pixel to
     * the next: a faint or small thick stroke does, a shadow (up to two thirds here, when narrow) does not.
     */
    static final double ABRUPT = 0.8;
    /**
     * Fewest thumbnail pixels a shadow covers (four follow windows): smaller raised regions are where thick
     * strokes meet (a box's corner), whose tapering wedge can look soft.
     */
    static final int SHADOW_AREA = 4 * (2 * FOLLOW_RADIUS + 1) * (2 * FOLLOW_RADIUS + 1);
    /** Paper in the dark is brightened at most this much (its noise grows with it). */
    static final float MAX_GAIN = 3;

    /**
     * Ink over paper, in grey levels as the best-lit paper would show them, and how many shadow regions the paper
     * level followed.
     */
    record Signal(float[] values, int shadows) {
    }

    private final GrayImage grey;
    /** The picture at most 128 px long (64 for a drawing), or null when it is too small to have lighting of its own. */
    private final GrayImage thumb;
    private final boolean darkInk;
    private final boolean drawing;

    private Background(GrayImage grey, Tones tones) {
        this.grey = grey;
        boolean global = tones.darkInk();
        this.drawing = tones.drawing();
        // a drawing needs only the wide opening, which works at half the size: as cheap as it ever was
        int side = drawing ? THUMB_SIDE / 2 : THUMB_SIDE;
        this.thumb = Math.min(grey.width(), grey.height()) < MIN_SIDE ? null : clamped(thumbnail(grey, side));
        Boolean local = thumb == null || drawing ? null : thinMarksDark(thumb);
        this.darkInk = local != null ? local : global;
    }

    static Background of(GrayImage grey) {
        return new Background(grey, Tones.of(grey.pixels()));
    }

    /**
     * The paper of {@code grey}, a reduced copy of a picture whose {@code tones} were measured at full size: area
     * averaging adds grey edge pixels to a clean drawing, and the verdict must not change with the size it is worked at.
     */
    static Background of(GrayImage grey, Tones tones) {
        return new Background(grey, tones);
    }

    /**
     * The picture's grey levels as a whole: Otsu's split and whether the median grey lies above it (then the paper
     * is light and the ink dark, as ink rarely covers half a picture).
     */
    record Tones(Filters.Split split, boolean darkInk) {
        static Tones of(float[] px) {
            try (Filters.Histogram levels = Filters.Histogram.open()) { // one pass: Otsu's 256 bins are its quarter levels summed
                levels.addAll(px, px.length);
                Filters.Split split = Filters.otsuSplit(levels.wholeLevels(), px.length);
                return new Tones(split, levels.quantile(0.5) > split.threshold());
            }
        }

        /** A clean drawing: two grey levels and little between (see {@link #TWO_LEVELS}). */
        boolean drawing() {
            return split.separability() >= TWO_LEVELS;
        }
    }

    /**
     * Whether the ink is darker than the paper. When the picture's grey levels fall cleanly into two classes (ink
     * and evenly lit paper: Otsu's split holds {@link #TWO_LEVELS} of their variance or more), the class the
     * median grey is in is the paper, as ink rarely covers half a picture. Otherwise the light varies, and a page
     * lit from one side has its lit half above Otsu's threshold and its dark half below, so the median says
     * nothing: there the thin marks decide, when clearly more of them are dark or light (see
     * {@link #thinMarksDark}).
     */
    boolean darkInk() {
        return darkInk;
    }

    /**
     * Whether the marks that stand out from the median of their 5×5 neighbourhood (see {@link #median5(GrayImage)})
     * are mostly dark or mostly light; null when neither kind outweighs the other twice. A pen stroke up to 2 px
     * wide (on the thumbnail) is a minority in any such neighbourhood, so it stands out whole, while light and
     * shadow change too slowly to stand out at all. Strokes wider than that do not stand out, or only their corners do, which is why this is
     * asked only of pictures that are not clean two-level drawings (photos, whose strokes come out thin here).
     */
    private static Boolean thinMarksDark(GrayImage thumb) {
        float[] px = thumb.pixels();
        float[] level = median5(thumb).pixels();
        float deadZone;
        try (Filters.Histogram deviation = Filters.Histogram.open()) {
            for (int i = 0; i < px.length; i++) deviation.add(Math.abs(px[i] - level[i]));
            deadZone = 3 * deviation.quantile(0.5) + 1; // paper grain and JPEG noise stand out both ways
        }
        double dark = 0;
        double light = 0;
        for (int i = 0; i < px.length; i++) {
            float d = px[i] - level[i];
            if (d < -deadZone) dark += -d - deadZone;
            else if (d > deadZone) light += d - deadZone;
        }
        if (dark > 2 * light) return true;
        if (light > 2 * dark) return false;
        return null;
    }

    /** Ink over paper for {@code ink}, the picture with the polarity applied (ink bright, paper dark). */
    Signal signal(float[] ink) {
        int w = grey.width();
        int h = grey.height();
        float[] out = new float[ink.length];
        if (thumb == null) {
            float level = Preprocessor.borderMedian(new GrayImage(w, h, ink));
            for (int i = 0; i < ink.length; i++) out[i] = Math.max(0, ink[i] - level);
            return new Signal(out, 0);
        }
        GrayImage small = inkSpace(thumb);
        // a clean drawing's paper is one level: no shadow to follow, and the narrow opening is not worth its time
        float[] paper = drawing ? wideOpening(small) : paperLevel(small);
        int shadows = drawing ? 0
                : followShadows(paper, opening(small, FOLLOW_RADIUS).pixels(), small.width(), small.height());
        float[] level = Resampler.resize(new GrayImage(small.width(), small.height(), paper), w, h).pixels();
        float brightest = brightestPaper(paper);
        if (brightest < 0) {
            for (int i = 0; i < ink.length; i++) out[i] = Math.max(0, ink[i] - level[i]);
        } else {
            float darkest = brightest / MAX_GAIN; // paper darker than this is brightened no further
            for (int i = 0; i < ink.length; i++) {
                out[i] = Math.max(0, ink[i] - level[i]) * (brightest / Math.max(darkest, 255 - level[i]));
            }
        }
        return new Signal(out, shadows);
    }

    /**
     * The brightness of the best-lit paper, or -1 when ink needs no correction for light: it is light ink (on dark
     * paper, light makes little difference), or the paper is evenly lit (within 2 %: most pictures, which are
     * spared a division per pixel).
     */
    private float brightestPaper(float[] paper) {
        if (!darkInk) return -1;
        float leastInk = 255;
        float mostInk = 0;
        for (float v : paper) {
            leastInk = Math.min(leastInk, v);
            mostInk = Math.max(mostInk, v);
        }
        float brightest = 255 - leastInk;
        return brightest <= 1.02f * (255 - mostInk) ? -1 : brightest;
    }

    /** Whether the picture is a clean drawing: ink on evenly lit paper, two levels and little in between. */
    boolean drawing() {
        return drawing;
    }

    private GrayImage inkSpace(GrayImage img) {
        float[] px = img.pixels();
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) out[i] = darkInk ? 255 - px[i] : px[i];
        return new GrayImage(img.width(), img.height(), out);
    }

    /** The wide opening of a photo's thumbnail, worked at half its size (the window is big; detail is not needed). */
    private static float[] paperLevel(GrayImage small) {
        GrayImage half = thumbnail(small, THUMB_SIDE / 2);
        return Resampler.resize(new GrayImage(half.width(), half.height(), wideOpening(half)), small.width(),
                small.height()).pixels();
    }

    /** Grey opening with a window a quarter of {@code img} wide: keeps even a marker's strokes out of the paper. */
    private static float[] wideOpening(GrayImage img) {
        int wide = Math.max(FOLLOW_RADIUS, (int) Math.round(Math.max(img.width(), img.height()) / 8.0));
        return opening(img, wide).pixels();
    }

    /**
     * Takes into {@code paper} (the wide opening) the regions where the narrow opening {@code narrow} lies
     * higher and whose edges are soft: shadows and light fall-off, not strokes. Returns how many it took.
     */
    private int followShadows(float[] paper, float[] narrow, int w, int h) {
        boolean[] raised = new boolean[paper.length];
        boolean any = false;
        for (int i = 0; i < paper.length; i++) {
            raised[i] = narrow[i] - paper[i] > REGION_LEVEL;
            any |= raised[i];
        }
        if (!any) return 0;
        Components regions = Components.label(raised, w, h);
        float[] height = new float[regions.blobs.size() + 1];
        float[] step = new float[regions.blobs.size() + 1];
        boolean[] steep = new boolean[height.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int label = regions.labels[i];
                if (label == 0) continue;
                float here = steepest(narrow, w, h, x, y);
                float brightness = darkInk ? Math.max(16, 255 - paper[i]) : 255;
                height[label] = Math.max(height[label], narrow[i] - paper[i]);
                step[label] = Math.max(step[label], here);
                if (here >= STEEP_EDGE * brightness) steep[label] = true;
            }
        }
        for (Components.Blob region : regions.blobs) {
            int label = region.label();
            if (step[label] >= ABRUPT * height[label] || region.area() < SHADOW_AREA) steep[label] = true;
        }
        int count = 0;
        for (int label = 1; label < steep.length; label++) {
            if (!steep[label]) count++;
        }
        for (int i = 0; i < paper.length; i++) {
            int label = regions.labels[i];
            if (label != 0 && !steep[label]) paper[i] = narrow[i];
        }
        return count;
    }

    /** The largest difference between pixel (x, y) and a 4-neighbour. */
    private static float steepest(float[] img, int w, int h, int x, int y) {
        float v = img[y * w + x];
        float s = 0;
        if (x > 0) s = Math.max(s, Math.abs(v - img[y * w + x - 1]));
        if (x < w - 1) s = Math.max(s, Math.abs(v - img[y * w + x + 1]));
        if (y > 0) s = Math.max(s, Math.abs(v - img[(y - 1) * w + x]));
        if (y < h - 1) s = Math.max(s, Math.abs(v - img[(y + 1) * w + x]));
        return s;
    }

    /** Area-averaged copy with the long side at most {@code side} px (whole source pixels per cell). */
    static GrayImage thumbnail(GrayImage img, int side) {
        int cell = Math.max(1, (int) Math.ceil(Math.max(img.width(), img.height()) / (double) side));
        int tw = Math.max(1, (int) Math.ceil((double) img.width() / cell));
        int th = Math.max(1, (int) Math.ceil((double) img.height() / cell));
        return Resampler.resize(img, tw, th);
    }

    /** Grey opening (min then max) over a (2r+1)² square: removes everything brighter and narrower than the square. */
    private static GrayImage opening(GrayImage img, int r) {
        return Filters.rank(Filters.rank(img, r, false), r, true);
    }

    /**
     * Median of the 5 pixels around each one along a row, then of 5 of those along a column (borders repeated): a
     * separable stand-in for a 5×5 median, many times cheaper. A mark up to 2 px across is a minority among five
     * pixels across it, so it vanishes from the rows or from the columns.
     */
    static GrayImage median5(GrayImage img) {
        int w = img.width();
        int h = img.height();
        float[] px = img.pixels();
        float[] rows = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                rows[row + x] = median5(px[row + clampIndex(x - 2, w)], px[row + clampIndex(x - 1, w)], px[row + x],
                        px[row + clampIndex(x + 1, w)], px[row + clampIndex(x + 2, w)]);
            }
        }
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = median5(rows[clampIndex(y - 2, h) * w + x], rows[clampIndex(y - 1, h) * w + x],
                        rows[y * w + x], rows[clampIndex(y + 1, h) * w + x], rows[clampIndex(y + 2, h) * w + x]);
            }
        }
        return new GrayImage(w, h, out);
    }

    private static int clampIndex(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /**
     * The middle one of five values in six comparisons. Of two ordered pairs, the smaller minimum is below three
     * others and cannot be the median: it is dropped and the fifth value takes its place; once more; of the three
     * left, the median is the smaller of the unordered one and the minimum of the ordered pair.
     */
    static float median5(float a, float b, float c, float d, float e) {
        float t;
        if (a > b) {
            t = a;
            a = b;
            b = t;
        }
        if (c > d) {
            t = c;
            c = d;
            d = t;
        }
        if (a > c) { // the pairs swap so that a is the smaller minimum (b and d swap; c takes a, a is dropped below)
            t = b;
            b = d;
            d = t;
            c = a;
        }
        a = e;
        if (a > b) {
            t = a;
            a = b;
            b = t;
        }
        if (a > c) {
            t = b;
            b = d;
            d = t;
            c = a;
        }
        return Math.min(b, c);
    }

    private static GrayImage clamped(GrayImage img) {
        float[] px = img.pixels();
        for (int i = 0; i < px.length; i++) px[i] = clamp(px[i]);
        return img;
    }

    private static float clamp(float v) {
        return v > 0 ? Math.min(255, v) : 0; // NaN counts as black
    }
}
