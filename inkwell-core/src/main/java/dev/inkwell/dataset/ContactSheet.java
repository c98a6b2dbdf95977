package dev.inkwell.dataset;

import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.image.GrayImages;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A PNG grid of samples, each with its label written under it. Labels are drawn with a built-in 3×5 pixel font
 * (digits, '?' for unlabelled) so the sheet renders the same on a headless machine without any fonts installed.
 */
public final class ContactSheet {
    /** The rendered image and how many samples it shows. */
    public record Sheet(BufferedImage image, int samples) {
    }

    private static final String[] GLYPHS = {
        "111101101101111", "010110010010111", "111001111100111", "111001111001111", "101101111001001",
        "111100111001111", "111100111101111", "111001010010010", "111101111101111", "111101111001111",
        "111001011000010", // '?'
    };
    private static final int GAP = 4;
    private static final int BACKGROUND = 0x202020;
    private static final int INK = 0xFFD54F;

    private ContactSheet() {
    }

    /**
     * Renders up to {@code count} samples from {@code reader} in {@code columns} columns (0: a square-ish grid),
     * each image enlarged {@code scale} times.
     */
    public static Sheet render(SampleReader reader, int count, int columns, int scale) {
        if (count <= 0 || scale <= 0 || columns < 0) throw new IllegalArgumentException("count and scale must be positive");
        List<Sample> samples = new ArrayList<>();
        while (samples.size() < count) {
            Sample s = reader.next();
            if (s == null) break;
            samples.add(s);
        }
        if (samples.isEmpty()) {
            throw new InvalidInputException(InputLocation.file(null), "no samples to draw");
        }
        int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(samples.size()));
        int rows = (samples.size() + cols - 1) / cols;
        int cellW = samples.stream().mapToInt(Sample::width).max().orElse(28) * scale;
        int imgH = samples.stream().mapToInt(Sample::height).max().orElse(28) * scale;
        int glyph = Math.max(2, scale);
        int labelH = 5 * glyph + GAP;
        int cellH = imgH + labelH;
        int width = GAP + cols * (cellW + GAP);
        int height = GAP + rows * (cellH + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        fill(sheet, 0, 0, width, height, BACKGROUND);
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            int x0 = GAP + (i % cols) * (cellW + GAP);
            int y0 = GAP + (i / cols) * (cellH + GAP);
            drawSample(sheet, s, x0 + (cellW - s.width() * scale) / 2, y0, scale);
            String text = s.label() == null ? "?" : s.label().toString();
            int textW = text.length() * 4 * glyph - glyph;
            drawText(sheet, text, x0 + (cellW - textW) / 2, y0 + imgH + GAP / 2, glyph);
        }
        return new Sheet(sheet, samples.size());
    }

    /** Renders and writes the sheet as a PNG (atomically). */
    public static Sheet write(SampleReader reader, int count, int columns, int scale, Path target) {
        Sheet sheet = render(reader, count, columns, scale);
        AtomicFiles.write(target, out -> out.write(GrayImages.toPng(sheet.image())));
        return sheet;
    }

    private static void drawSample(BufferedImage sheet, Sample s, int x0, int y0, int scale) {
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                int rgb;
                if (s.channels() == 1) {
                    int v = s.pixel(x, y, 0);
                    rgb = v << 16 | v << 8 | v;
                } else {
                    rgb = s.pixel(x, y, 0) << 16 | s.pixel(x, y, 1) << 8 | s.pixel(x, y, 2);
                }
                fill(sheet, x0 + x * scale, y0 + y * scale, scale, scale, rgb);
            }
        }
    }

    private static void drawText(BufferedImage sheet, String text, int x0, int y0, int size) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String g = c >= '0' && c <= '9' ? GLYPHS[c - '0'] : GLYPHS[10];
            for (int row = 0; row < 5; row++) {
                for (int col = 0; col < 3; col++) {
                    if (g.charAt(row * 3 + col) == '1') {
                        fill(sheet, x0 + (i * 4 + col) * size, y0 + row * size, size, size, INK);
                    }
                }
            }
        }
    }

    private static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
        for (int j = Math.max(0, y); j < Math.min(img.getHeight(), y + h); j++) {
            for (int i = Math.max(0, x); i < Math.min(img.getWidth(), x + w); i++) {
                img.setRGB(i, j, rgb);
            }
        }
    }
}
