package dev.inkwell.testkit;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes the hand-made test pictures under {@code src/test/resources/fixtures/}, the way users make them: big
 * canvases, dark ink on light or transparent backgrounds, thick and thin pens, off-centre, small in a corner,
 * rotated, a JPEG "photo" of grey paper with noise and a shadow, numbers of several digits. The label is the file
 * name up to "__". Deterministic (fixed seeds); run it again only to change the fixtures:
 * {@code java -cp ... dev.inkwell.testkit.FixtureGenerator inkwell-inference/src/test/resources/fixtures}.
 * The photos of thin handwriting under uneven light ({@code *__paper-*.jpg}) come from {@link PaperPhotos}.
 */
public final class FixtureGenerator {
    private FixtureGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "inkwell-inference/src/test/resources/fixtures");
        Files.createDirectories(dir);

        // a 600×600 web canvas, thick brush (what the web page's canvas sends)
        png(dir, "3__canvas-600-thick-pen.png", canvas(600, 600, Color.WHITE, g -> Pen.draw(g, Pen.strokes(3), 160, 90, 420, 0, 38, Color.BLACK)));
        // same canvas, a thin 4-px pen: would become a hairline with plain resizing
        png(dir, "7__canvas-600-thin-pen.png", canvas(600, 600, Color.WHITE, g -> Pen.draw(g, Pen.strokes(7), 150, 80, 440, 0, 4, Color.BLACK)));
        // transparent canvas (canvas.toDataURL of a page with no background), dark ink
        png(dir, "4__transparent-canvas.png", transparent(500, 500, g -> Pen.draw(g, Pen.strokes(4), 120, 60, 380, 0, 22, new Color(20, 20, 20))));
        // light ink on a transparent canvas (a dark-themed drawing app)
        png(dir, "8__transparent-light-ink.png", transparent(400, 400, g -> Pen.draw(g, Pen.strokes(8), 100, 50, 300, 0, 20, Color.WHITE)));
        // off-centre, near the top-right of a wide canvas
        png(dir, "2__off-centre.png", canvas(800, 500, Color.WHITE, g -> Pen.draw(g, Pen.strokes(2), 560, 30, 220, 0, 16, Color.BLACK)));
        // small in a corner of a big canvas, thin pen
        png(dir, "5__small-in-corner.png", canvas(1000, 800, Color.WHITE, g -> Pen.draw(g, Pen.strokes(5), 40, 690, 80, 0, 5, Color.BLACK)));
        // slightly rotated
        png(dir, "9__rotated-12deg.png", canvas(600, 600, Color.WHITE, g -> Pen.draw(g, Pen.strokes(9), 170, 100, 400, 12, 26, Color.BLACK)));
        png(dir, "1__rotated-minus-10deg.png", canvas(600, 600, Color.WHITE, g -> Pen.draw(g, Pen.strokes(1), 200, 90, 420, -10, 24, Color.BLACK)));
        // a blob-thick marker on a small canvas
        png(dir, "0__marker-blob.png", canvas(300, 300, Color.WHITE, g -> Pen.draw(g, Pen.strokes(0), 70, 30, 240, 0, 40, Color.BLACK)));
        // a 5 whose cap was drawn as a separate stroke that does not touch the body
        png(dir, "5__detached-cap.png", canvas(600, 600, Color.WHITE, g -> {
            Pen.draw(g, Pen.fiveBody(), 170, 110, 400, 0, 24, Color.BLACK);
            Pen.draw(g, Pen.fiveCap(), 170, 80, 400, 0, 24, Color.BLACK);
        }));
        // blue ballpoint on yellow note paper
        png(dir, "6__blue-ink-yellow-paper.png", canvas(640, 480, new Color(250, 240, 160),
                g -> Pen.draw(g, Pen.strokes(6), 250, 60, 360, 4, 12, new Color(30, 50, 160))));
        // light-on-dark export at 28×28 (like the samples users already have)
        png(dir, "7__white-on-black-28px.png", canvas(28, 28, Color.BLACK, g -> Pen.draw(g, Pen.strokes(7), 7, 4, 20, 0, 2.2f, Color.WHITE)));
        // a printed digit from a font (a scan of a form)
        png(dir, "4__font-sans.png", canvas(300, 300, Color.WHITE, g -> {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 220));
            g.drawString("4", 85, 230);
        }));
        // a number of three digits on one line
        png(dir, "207__three-digits.png", canvas(900, 320, Color.WHITE, g -> {
            Pen.draw(g, Pen.strokes(2), 90, 50, 220, 0, 18, Color.BLACK);
            Pen.draw(g, Pen.strokes(0), 370, 50, 220, 0, 18, Color.BLACK);
            Pen.draw(g, Pen.strokes(7), 640, 50, 220, 3, 18, Color.BLACK);
        }));
        png(dir, "2024__four-digits-close.png", canvas(1000, 300, Color.WHITE, g -> {
            Pen.draw(g, Pen.strokes(2), 80, 40, 220, 0, 20, Color.BLACK);
            Pen.draw(g, Pen.strokes(0), 300, 45, 220, 0, 20, Color.BLACK);
            Pen.draw(g, Pen.strokes(2), 520, 40, 220, 0, 20, Color.BLACK);
            Pen.draw(g, Pen.strokes(4), 740, 45, 220, 0, 20, Color.BLACK);
        }));
        // a screenshot of a drawing app: dark window frame and title bar around a white canvas
        png(dir, "5__screenshot-in-window.png", canvas(700, 560, new Color(58, 60, 66), g -> {
            g.setColor(new Color(90, 92, 100));
            g.fillRect(0, 0, 700, 36); // title bar
            g.setColor(Color.WHITE);
            g.fillRect(24, 60, 652, 476); // the canvas
            Pen.draw(g, Pen.strokes(5), 250, 110, 380, 0, 20, Color.BLACK);
        }));
        // a phone photo: grey paper, a shadow across it, sensor noise, dark ink, JPEG
        jpeg(dir, "3__photo-grey-paper-shadow.jpg", photo(1200, 900, 3, 11));
        jpeg(dir, "8__photo-dim-pencil.jpg", pencilPhoto(1000, 1000, 8, 12));
    }

    interface Drawing {
        void draw(Graphics2D g);
    }

    static BufferedImage canvas(int w, int h, Color background, Drawing drawing) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        drawing.draw(g);
        g.dispose();
        return img;
    }

    static BufferedImage transparent(int w, int h, Drawing drawing) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setComposite(AlphaComposite.Clear);
        g.fillRect(0, 0, w, h);
        g.setComposite(AlphaComposite.SrcOver);
        drawing.draw(g);
        g.dispose();
        return img;
    }

    static BufferedImage photo(int w, int h, int digit, long seed) {
        BufferedImage img = canvas(w, h, new Color(190, 188, 182), g -> {
            // shadow of a hand/phone: paper darkens towards the lower right
            g.setPaint(new GradientPaint(0, 0, new Color(0, 0, 0, 0), w, h, new Color(0, 0, 0, 120)));
            g.fillRect(0, 0, w, h);
            Pen.draw(g, Pen.strokes(digit), 430, 180, 560, -5, 14, new Color(35, 35, 45));
        });
        return addNoise(img, seed, 10);
    }

    static BufferedImage pencilPhoto(int w, int h, int digit, long seed) {
        BufferedImage img = canvas(w, h, new Color(225, 222, 215), g -> {
            g.setPaint(new GradientPaint(0, h, new Color(0, 0, 0, 70), 0, 0, new Color(0, 0, 0, 0)));
            g.fillRect(0, 0, w, h);
            Pen.draw(g, Pen.strokes(digit), 330, 200, 600, 6, 9, new Color(120, 120, 125));
        });
        return addNoise(img, seed, 8);
    }

    static BufferedImage addNoise(BufferedImage img, long seed, double sigma) {
        Random r = new Random(seed);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                double n = r.nextGaussian() * sigma;
                int red = clamp(((rgb >> 16) & 0xff) + n);
                int green = clamp(((rgb >> 8) & 0xff) + n);
                int blue = clamp((rgb & 0xff) + n);
                img.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return img;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    static void png(Path dir, String name, BufferedImage img) throws IOException {
        ImageIO.write(img, "png", dir.resolve(name).toFile());
    }

    static void jpeg(Path dir, String name, BufferedImage img) throws IOException {
        jpeg(dir, name, img, 0.8f);
    }

    static void jpeg(Path dir, String name, BufferedImage img, float quality) throws IOException {
        Files.write(dir.resolve(name), jpegBytes(img, quality));
    }

    /** {@code img} as a baseline JPEG of {@code quality} (0–1), as a phone or a web page would send it. */
    public static byte[] jpegBytes(BufferedImage img, float quality) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
