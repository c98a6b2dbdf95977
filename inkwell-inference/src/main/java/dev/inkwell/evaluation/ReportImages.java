package dev.inkwell.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;

/** Draws the report pictures with Java2D: the confusion matrix as a heat map, and a grid of mistakes. */
public final class ReportImages {
    private ReportImages() {
    }

    /** A heat map of the confusion matrix with counts in the cells; each row is shaded relative to its class size. */
    public static BufferedImage confusionMatrix(Evaluation e) {
        int k = e.classNames().size();
        int cell = k <= 12 ? 52 : Math.max(14, 624 / k);
        int label = 110;
        int top = 60;
        int size = label + k * cell + 20;
        BufferedImage img = new BufferedImage(size, top + k * cell + label, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(String.format("Confusion matrix: accuracy %.2f%% on %d", 100 * e.accuracy(), e.count()), 10, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("rows: true class, columns: predicted", 10, 40);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(12, cell / 3));
        for (int i = 0; i < k; i++) {
            int rowTotal = 0;
            for (int j = 0; j < k; j++) rowTotal += e.confusion()[i][j];
            for (int j = 0; j < k; j++) {
                int v = e.confusion()[i][j];
                double share = rowTotal == 0 ? 0 : (double) v / rowTotal;
                double intensity = i == j ? share : Math.min(1, share * 10); // errors are rare: stretch their scale
                Color c = i == j ? blend(new Color(0xF4, 0xF8, 0xFB), new Color(0x1F, 0x6F, 0xB4), intensity)
                        : blend(Color.WHITE, new Color(0xD9, 0x3A, 0x2B), intensity);
                int x = label + j * cell;
                int y = top + i * cell;
                g.setColor(c);
                g.fillRect(x, y, cell, cell);
                g.setColor(new Color(0xDD, 0xDD, 0xDD));
                g.drawRect(x, y, cell, cell);
                if (v > 0 && cell >= 24) {
                    g.setFont(cellFont);
                    g.setColor(intensity > 0.55 ? Color.WHITE : Color.BLACK);
                    centered(g, String.valueOf(v), x + cell / 2, y + cell / 2);
                }
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString(fit(g, e.classNames().get(i), label - 8), 6, top + i * cell + cell / 2 + 4);
        }
        for (int j = 0; j < k; j++) {
            Graphics2D r = (Graphics2D) g.create();
            r.translate(label + j * cell + cell / 2 + 4, top + k * cell + 6);
            r.rotate(Math.PI / 2);
            r.drawString(fit(g, e.classNames().get(j), label - 10), 0, 0);
            r.dispose();
        }
        g.dispose();
        return img;
    }

    /**
     * The most confident mistakes as a grid: each image enlarged, with "true → predicted (confidence)" under it.
     *
     * @param image the evaluated sample at an index, as a picture (grey or RGB)
     */
    public static BufferedImage mistakes(Evaluation e, IntFunction<BufferedImage> image, int columns) {
        List<Mistake> m = e.mostConfidentMistakes();
        int tile = 112;
        int caption = 34;
        int cols = Math.max(1, Math.min(columns, Math.max(1, m.size())));
        int rows = Math.max(1, (m.size() + cols - 1) / cols);
        BufferedImage img = new BufferedImage(cols * (tile + 10) + 10, 40 + rows * (tile + caption + 10), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(m.isEmpty() ? "No mistakes" : "Most confident mistakes (true → predicted, confidence)", 10, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < m.size(); i++) {
            Mistake mistake = m.get(i);
            int x = 10 + (i % cols) * (tile + 10);
            int y = 40 + (i / cols) * (tile + caption + 10);
            g.drawImage(image.apply(mistake.index()), x, y, tile, tile, null);
            g.setColor(new Color(0xD9, 0x3A, 0x2B));
            g.setStroke(new BasicStroke(1));
            g.drawRect(x - 1, y - 1, tile + 1, tile + 1);
            g.setColor(Color.BLACK);
            String text = e.classNames().get(mistake.label()) + " → " + e.classNames().get(mistake.predicted());
            g.drawString(fit(g, text, tile), x, y + tile + 14);
            g.drawString(String.format("%.1f%%  #%d", 100 * mistake.confidence(), mistake.index()), x, y + tile + 28);
        }
        g.dispose();
        return img;
    }

    /** A picture from channel-major (C×H×W) bytes, grey when C is 1. */
    public static BufferedImage fromChannelMajor(byte[] pixels, int offset, int channels, int height, int width) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = offset + y * width + x;
                int r = pixels[i] & 0xff;
                int gr = channels == 3 ? pixels[i + plane] & 0xff : r;
                int b = channels == 3 ? pixels[i + 2 * plane] & 0xff : r;
                img.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    private static Color blend(Color a, Color b, double t) {
        t = Math.max(0, Math.min(1, t));
        return new Color((int) (a.getRed() + (b.getRed() - a.getRed()) * t), (int) (a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) (a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static void centered(Graphics2D g, String s, int cx, int cy) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, cx - fm.stringWidth(s) / 2, cy + fm.getAscent() / 2 - 1);
    }

    private static String fit(Graphics2D g, String s, int width) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(s) <= width) return s;
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }
}
