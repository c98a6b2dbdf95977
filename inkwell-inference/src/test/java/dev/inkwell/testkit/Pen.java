package dev.inkwell.testkit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;

/**
 * Digits drawn the way a person draws them with a pen or a mouse: stroke paths (not font glyphs) in a unit box
 * (x 0–1, y 0–1 downwards), rendered with round caps and anti-aliasing at any size, width, angle and colour.
 */
public final class Pen {
    private Pen() {
    }

    /** The strokes of {@code digit} in the unit box. */
    public static Shape strokes(int digit) {
        Path2D.Double p = new Path2D.Double();
        switch (digit) {
            case 0 -> p.append(new Ellipse2D.Double(0.12, 0.02, 0.76, 0.96), false);
            case 1 -> {
                p.moveTo(0.35, 0.2);
                p.lineTo(0.56, 0.02);
                p.lineTo(0.5, 0.98);
            }
            case 2 -> {
                p.moveTo(0.15, 0.28);
                p.curveTo(0.2, 0.0, 0.85, -0.02, 0.8, 0.3);
                p.curveTo(0.75, 0.5, 0.4, 0.75, 0.15, 0.97);
                p.lineTo(0.88, 0.97);
            }
            case 3 -> {
                p.moveTo(0.18, 0.12);
                p.curveTo(0.4, -0.05, 0.85, 0.05, 0.75, 0.3);
                p.curveTo(0.7, 0.45, 0.5, 0.48, 0.4, 0.48);
                p.curveTo(0.95, 0.5, 0.85, 1.0, 0.45, 0.98);
                p.curveTo(0.3, 0.97, 0.2, 0.92, 0.15, 0.85);
            }
            case 4 -> {
                p.moveTo(0.6, 0.02);
                p.lineTo(0.12, 0.65);
                p.lineTo(0.88, 0.65);
                p.moveTo(0.68, 0.3);
                p.lineTo(0.66, 0.98);
            }
            case 5 -> {
                p.moveTo(0.82, 0.03);
                p.lineTo(0.3, 0.03);
                p.lineTo(0.25, 0.45);
                p.curveTo(0.5, 0.32, 0.9, 0.4, 0.85, 0.7);
                p.curveTo(0.8, 1.0, 0.35, 1.02, 0.15, 0.85);
            }
            case 6 -> {
                p.moveTo(0.7, 0.03);
                p.curveTo(0.35, 0.15, 0.15, 0.5, 0.2, 0.75);
                p.curveTo(0.25, 1.0, 0.75, 1.02, 0.8, 0.75);
                p.curveTo(0.82, 0.5, 0.4, 0.45, 0.22, 0.68);
            }
            case 7 -> {
                p.moveTo(0.12, 0.05);
                p.lineTo(0.88, 0.05);
                p.lineTo(0.4, 0.98);
            }
            case 8 -> {
                p.append(new Ellipse2D.Double(0.24, 0.02, 0.52, 0.46), false);
                p.append(new Ellipse2D.Double(0.18, 0.46, 0.64, 0.52), false);
            }
            case 9 -> {
                p.append(new Ellipse2D.Double(0.2, 0.03, 0.56, 0.48), false);
                p.moveTo(0.76, 0.27);
                p.curveTo(0.76, 0.6, 0.7, 0.8, 0.62, 0.98);
            }
            default -> throw new IllegalArgumentException("digit " + digit);
        }
        return p;
    }

    /** Only the cap of a 5, to draw it detached (people lift the pen for it). */
    public static Shape fiveBody() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0.3, 0.1);
        p.lineTo(0.25, 0.45);
        p.curveTo(0.5, 0.32, 0.9, 0.4, 0.85, 0.7);
        p.curveTo(0.8, 1.0, 0.35, 1.02, 0.15, 0.85);
        return p;
    }

    public static Shape fiveCap() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0.36, 0.0);
        p.lineTo(0.85, 0.0);
        return p;
    }

    /**
     * Draws {@code shape} (unit box) with its top-left at ({@code x}, {@code y}), {@code height} px tall and
     * 0.7·height wide, rotated by {@code degrees} about its centre, with a pen {@code penWidth} px wide.
     */
    public static void draw(Graphics2D g, Shape shape, double x, double y, double height, double degrees,
                            float penWidth, Color ink) {
        Graphics2D g2 = (Graphics2D) g.create();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double width = 0.7 * height;
        AffineTransform t = new AffineTransform();
        t.translate(x + width / 2, y + height / 2);
        t.rotate(Math.toRadians(degrees));
        t.translate(-width / 2, -height / 2);
        t.scale(width, height);
        Shape placed = t.createTransformedShape(shape);
        g2.setColor(ink);
        g2.setStroke(new BasicStroke(penWidth, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g2.draw(placed);
        g2.dispose();
    }
}
