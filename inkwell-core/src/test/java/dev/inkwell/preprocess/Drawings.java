package dev.inkwell.preprocess;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/** Pictures for preprocessing tests, drawn with Java2D. */
final class Drawings {
    private Drawings() {
    }

    static BufferedImage canvas(int w, int h, Color background) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    static Graphics2D pen(BufferedImage img, Color ink, float width) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(ink);
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return g;
    }

    /** A vertical bar ("1") of the given height and pen width with its top at (x, y). */
    static void bar(BufferedImage img, int x, int y, int height, float pen, Color ink) {
        Graphics2D g = pen(img, ink, pen);
        g.drawLine(x, y, x, y + height);
        g.dispose();
    }

    /** A ring ("0"). */
    static void ring(BufferedImage img, int x, int y, int w, int h, float pen, Color ink) {
        Graphics2D g = pen(img, ink, pen);
        g.drawOval(x, y, w, h);
        g.dispose();
    }

    /** A polyline through the given points. */
    static void polyline(BufferedImage img, float pen, Color ink, double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) p.lineTo(xy[i], xy[i + 1]);
        Graphics2D g = pen(img, ink, pen);
        g.draw(p);
        g.dispose();
    }

    /** Copies {@code patch} into a fresh {@code w}×{@code h} canvas of {@code background} at (x, y): exact translation. */
    static BufferedImage place(BufferedImage patch, int w, int h, Color background, int x, int y) {
        BufferedImage img = canvas(w, h, background);
        for (int py = 0; py < patch.getHeight(); py++) {
            for (int px = 0; px < patch.getWidth(); px++) {
                img.setRGB(x + px, y + py, patch.getRGB(px, py));
            }
        }
        return img;
    }
}
