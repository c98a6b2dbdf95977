package dev.inkwell.testkit;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Phone photos of thin handwriting on paper under uneven light, made the way a camera makes them: pen strokes
 * (ink coverage) on textured paper, multiplied by a light field (a linear gradient, a radial fall-off from a lamp,
 * a vignette, the soft shadow band of a hand or phone), slightly blurred, with sensor noise, then JPEG-compressed.
 * The light changes the page's brightness by 35–60 %, so one global threshold cannot fit the whole page; the pens
 * are 1–3 px wide on 600–1200-px pictures (and one medium pen), so strokes are far thinner than shadows.
 *
 * <p>Deterministic (every random choice comes from the spec's seed). The pictures are committed under
 * {@code src/test/resources/fixtures/} like the other fixtures; run this again only to change them:
 * {@code java -cp ... dev.inkwell.testkit.PaperPhotos inkwell-inference/src/test/resources/fixtures}.
 */
public final class PaperPhotos {
    /** Light reflected by clean paper in full light, as 0–255 per channel (a warm indoor lamp). */
    private static final double[] PAPER = {236, 229, 212};
    static final Ink BLACK_GEL = new Ink(0.13, 0.13, 0.16);
    static final Ink BLUE_BALLPOINT = new Ink(0.22, 0.27, 0.58);

    /** Reflectance (0–1 per channel) of solid ink relative to the paper. */
    public record Ink(double red, double green, double blue) {
    }

    /** The shadow of something between the lamp and the page: a band with soft edges. */
    public record Shadow(double angleDegrees, double offset, double width, double depth) {
        /** Brightness factor at (u, v), in page fractions (0–1 both ways). */
        double factor(double u, double v) {
            double a = Math.toRadians(angleDegrees);
            double across = (u - 0.5) * Math.cos(a) + (v - 0.5) * Math.sin(a) - offset;
            double penumbra = 0.35 * width;
            double inside = 1 - smoothstep(width / 2 - penumbra, width / 2 + penumbra, Math.abs(across));
            return 1 - depth * inside;
        }
    }

    /**
     * How the page is lit, each factor multiplying the brightness.
     *
     * @param gradientDegrees direction the light falls off towards (0 = to the right, 90 = downwards)
     * @param gradientDepth   fraction of brightness lost across the page along that direction
     * @param lampX           where a lamp's bright spot is, in page fractions (may lie outside the page)
     * @param lampY           see {@code lampX}
     * @param lampDepth       fraction of brightness lost one page diagonal away from the lamp
     * @param vignette        fraction lost in the corners by the lens
     * @param shadow          a shadow band, or null
     */
    public record Light(double gradientDegrees, double gradientDepth, double lampX, double lampY, double lampDepth,
                        double vignette, Shadow shadow) {
        double factor(double u, double v) {
            double a = Math.toRadians(gradientDegrees);
            double cos = Math.cos(a);
            double sin = Math.sin(a);
            // position along the fall-off, 0 at the brightest corner of the page and 1 at the darkest
            double lo = Math.min(0, cos) + Math.min(0, sin);
            double hi = Math.max(0, cos) + Math.max(0, sin);
            double along = hi > lo ? (u * cos + v * sin - lo) / (hi - lo) : 0;
            double f = 1 - gradientDepth * along;
            double lamp = Math.hypot(u - lampX, v - lampY) / Math.sqrt(2);
            f *= 1 - lampDepth * Math.min(1, lamp);
            double corner = Math.hypot(u - 0.5, v - 0.5) / Math.sqrt(0.5);
            f *= 1 - vignette * corner * corner;
            if (shadow != null) f *= shadow.factor(u, v);
            return f;
        }
    }

    /**
     * One photo: {@code number} written left to right with a pen {@code pen} px wide on a {@code width}×{@code height}
     * page; {@code description} ends the file name.
     */
    public record Spec(String number, String description, int width, int height, float pen, Ink ink, Light light,
                       double noise, int jpegQuality, long seed) {
        public String fileName() {
            return number + "__paper-" + description + ".jpg";
        }
    }

    private PaperPhotos() {
    }

    /** The committed photo fixtures. */
    public static List<Spec> fixtures() {
        return List.of(
                new Spec("135790", "thin-2px-light-from-left", 1200, 500, 2f, BLACK_GEL,
                        new Light(0, 0.55, 0, 0, 0, 0.1, null), 3, 75, 21),
                new Spec("135790", "thin-1.5px-lamp-top-right", 1200, 520, 1.5f, BLUE_BALLPOINT,
                        new Light(90, 0.15, 1.1, -0.2, 0.5, 0.15, null), 3, 70, 22),
                new Spec("135790", "thin-3px-shadow-band", 1000, 420, 3f, BLACK_GEL,
                        new Light(-90, 0.4, 0, 0, 0, 0, new Shadow(25, -0.05, 0.22, 0.45)), 3.5, 65, 23),
                new Spec("135790", "medium-6px-lamp-bottom-left", 1200, 480, 6f, BLUE_BALLPOINT,
                        new Light(0, 0, -0.1, 1.1, 0.55, 0.2, null), 3, 80, 24),
                new Spec("2468", "thin-1px-light-from-top", 1000, 500, 1f, BLACK_GEL,
                        new Light(90, 0.6, 0, 0, 0, 0, null), 2.5, 85, 25),
                new Spec("2468", "thin-2.5px-lamp-and-shadow", 900, 450, 2.5f, BLACK_GEL,
                        new Light(0, 0, -0.2, 1.0, 0.45, 0, new Shadow(100, 0.15, 0.18, 0.4)), 3.5, 60, 26),
                new Spec("907", "thin-2px-light-from-right", 800, 400, 2f, BLUE_BALLPOINT,
                        new Light(180, 0.5, 0, 0, 0, 0.2, null), 3, 85, 27),
                new Spec("907", "thin-1.5px-shadow-across", 700, 350, 1.5f, BLACK_GEL,
                        new Light(0, 0, 0.5, -0.3, 0.35, 0, new Shadow(0, 0.1, 0.25, 0.5)), 3, 70, 28),
                new Spec("3", "thin-1.5px-diagonal-light", 600, 600, 1.5f, BLACK_GEL,
                        new Light(45, 0.5, 0, 0, 0, 0.1, null), 3, 75, 31),
                new Spec("7", "thin-2px-lamp", 800, 800, 2f, BLUE_BALLPOINT,
                        new Light(0, 0, 0.9, 0.1, 0.6, 0, null), 3, 70, 32),
                new Spec("4", "thin-1px-shadow-band", 700, 700, 1f, BLACK_GEL,
                        new Light(135, 0.35, 0, 0, 0, 0, new Shadow(-60, 0.2, 0.2, 0.45)), 2.5, 80, 33),
                new Spec("9", "thin-3px-vignette", 1000, 800, 3f, BLACK_GEL,
                        new Light(-45, 0.3, 0, 0, 0, 0.35, null), 3.5, 65, 34),
                new Spec("2", "medium-6px-light-from-bottom", 600, 800, 6f, BLUE_BALLPOINT,
                        new Light(-90, 0.45, 0, 0, 0, 0.1, null), 3, 75, 35));
    }

    /**
     * A photo drawn at random from {@code seed} within the fixtures' ranges (1–6 digits, 600–1200 px wide, pens of
     * 1–3 px or a medium 6 px, a 35–60 % gradient, maybe a lamp, a vignette or a shadow band, JPEG quality 60–85):
     * for measuring on more pictures than are committed.
     */
    public static Spec random(long seed) {
        Random r = new Random(seed);
        StringBuilder number = new StringBuilder();
        int digits = 1 + r.nextInt(6);
        for (int i = 0; i < digits; i++) number.append(r.nextInt(10));
        int width = 600 + r.nextInt(601);
        int height = digits == 1 ? width * (7 + r.nextInt(6)) / 10 : Math.max(300, width * (3 + r.nextInt(3)) / 10);
        float[] pens = {1f, 1.5f, 2f, 2.5f, 3f, 6f};
        float pen = pens[r.nextInt(pens.length)];
        boolean lamp = r.nextBoolean();
        Shadow shadow = r.nextBoolean()
                ? new Shadow(r.nextDouble() * 180, (r.nextDouble() - 0.5) * 0.6, 0.12 + 0.18 * r.nextDouble(), 0.3 + 0.2 * r.nextDouble())
                : null;
        Light light = new Light(r.nextDouble() * 360, 0.35 + 0.25 * r.nextDouble(),
                lamp ? r.nextDouble() * 1.4 - 0.2 : 0, lamp ? r.nextDouble() * 1.4 - 0.2 : 0, lamp ? 0.3 + 0.3 * r.nextDouble() : 0,
                0.3 * r.nextDouble(), shadow);
        return new Spec(number.toString(), "random-" + seed, width, height, pen, r.nextBoolean() ? BLACK_GEL : BLUE_BALLPOINT,
                light, 2.5 + 1.5 * r.nextDouble(), 60 + r.nextInt(26), seed);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "inkwell-inference/src/test/resources/fixtures");
        Files.createDirectories(dir);
        for (Spec spec : fixtures()) {
            FixtureGenerator.jpeg(dir, spec.fileName(), render(spec), spec.jpegQuality() / 100f);
        }
    }

    /** The photo as the JPEG a phone would send. */
    public static byte[] jpeg(Spec spec) throws IOException {
        return FixtureGenerator.jpegBytes(render(spec), spec.jpegQuality() / 100f);
    }

    /** The photo before JPEG compression. */
    public static BufferedImage render(Spec spec) {
        Random random = new Random(spec.seed());
        float[] ink = inkCoverage(spec, random);
        return expose(spec.width(), spec.height(), ink, spec.ink(), spec.light(), spec.noise(), random);
    }

    /** A page with nothing written on it, lit by {@code light}: no digit should be read from it with confidence. */
    public static BufferedImage blankPage(int width, int height, Light light, long seed) {
        Random random = new Random(seed);
        return expose(width, height, new float[width * height], BLACK_GEL, light, 3, random);
    }

    /** 0–1 ink coverage per pixel: the digits drawn with anti-aliased round pen strokes, slightly irregular. */
    private static float[] inkCoverage(Spec spec, Random random) {
        int w = spec.width();
        int h = spec.height();
        int n = spec.number().length();
        double digitHeight = Math.min(0.6 * h, 0.8 * w / (0.7 * n + 0.3 * (n - 1)));
        double pitch = digitHeight;
        double left = (w - digitHeight * (0.7 * n + 0.3 * (n - 1))) / 2;
        BufferedImage page = FixtureGenerator.canvas(w, h, Color.WHITE, g -> drawNumber(g, spec, random, digitHeight, pitch, left));
        float[] coverage = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) coverage[y * w + x] = 1 - (page.getRGB(x, y) & 0xff) / 255f;
        }
        return coverage;
    }

    private static void drawNumber(Graphics2D g, Spec spec, Random random, double digitHeight, double pitch, double left) {
        int h = spec.height();
        for (int i = 0; i < spec.number().length(); i++) {
            int digit = spec.number().charAt(i) - '0';
            double size = digitHeight * (0.92 + 0.12 * random.nextDouble());
            double x = left + i * pitch + (random.nextDouble() - 0.5) * 0.08 * digitHeight;
            double y = (h - size) / 2 + (random.nextDouble() - 0.5) * 0.1 * digitHeight;
            double degrees = (random.nextDouble() - 0.5) * 12;
            Pen.draw(g, Pen.strokes(digit), x, y, size, degrees, spec.pen(), Color.BLACK);
        }
    }

    /** What the camera records: reflectance × light, a slight blur, sensor noise. */
    private static BufferedImage expose(int w, int h, float[] ink, Ink inkColour, Light light, double noise, Random random) {
        float[] texture = paperTexture(w, h, random);
        double[] inkRgb = {inkColour.red(), inkColour.green(), inkColour.blue()};
        float[][] rgb = new float[3][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                double lit = light.factor((x + 0.5) / w, (y + 0.5) / h) * texture[i];
                for (int c = 0; c < 3; c++) {
                    double reflectance = 1 - ink[i] * (1 - inkRgb[c]);
                    rgb[c][i] = (float) (PAPER[c] * reflectance * lit);
                }
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int c = 0; c < 3; c++) rgb[c] = blur(rgb[c], w, h);
        for (int i = 0; i < w * h; i++) {
            double shared = random.nextGaussian() * noise; // sensor noise is mostly luminance
            int red = clamp(rgb[0][i] + shared + random.nextGaussian() * noise / 3);
            int green = clamp(rgb[1][i] + shared + random.nextGaussian() * noise / 3);
            int blue = clamp(rgb[2][i] + shared + random.nextGaussian() * noise / 3);
            img.setRGB(i % w, i / w, (red << 16) | (green << 8) | blue);
        }
        return img;
    }

    /** Paper's fibre: a brightness factor around 1 (±3 %) varying over a few pixels, bilinear between grid points. */
    private static float[] paperTexture(int w, int h, Random random) {
        int cell = 6;
        int gw = w / cell + 2;
        int gh = h / cell + 2;
        float[] grid = new float[gw * gh];
        for (int i = 0; i < grid.length; i++) grid[i] = (float) (random.nextDouble() - 0.5) * 0.06f;
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            int gy = y / cell;
            float fy = (y % cell) / (float) cell;
            for (int x = 0; x < w; x++) {
                int gx = x / cell;
                float fx = (x % cell) / (float) cell;
                float top = grid[gy * gw + gx] * (1 - fx) + grid[gy * gw + gx + 1] * fx;
                float bottom = grid[(gy + 1) * gw + gx] * (1 - fx) + grid[(gy + 1) * gw + gx + 1] * fx;
                out[y * w + x] = 1 + top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    /** A [1 2 1]/4 blur each way: the lens and the camera's demosaicing soften every edge a little. */
    private static float[] blur(float[] in, int w, int h) {
        float[] mid = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int row = y * w;
                mid[row + x] = (in[row + Math.max(0, x - 1)] + 2 * in[row + x] + in[row + Math.min(w - 1, x + 1)]) / 4;
            }
        }
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            int up = Math.max(0, y - 1) * w;
            int down = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) out[y * w + x] = (mid[up + x] + 2 * mid[y * w + x] + mid[down + x]) / 4;
        }
        return out;
    }

    private static double smoothstep(double edge0, double edge1, double x) {
        double t = Math.max(0, Math.min(1, (x - edge0) / (edge1 - edge0)));
        return t * t * (3 - 2 * t);
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
