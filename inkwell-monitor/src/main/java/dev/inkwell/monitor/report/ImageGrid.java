package dev.inkwell.monitor.report;

import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.monitor.MonitorResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/** A grid of captured model inputs, each enlarged with its predicted class and probability under it (Java2D). */
final class ImageGrid {
    private static final int ZOOM = 3;
    private static final int COLUMNS = 8;
    private static final int CAPTION = 18;
    private static final int GAP = 6;

    private ImageGrid() {
    }

    static byte[] png(List<MonitorResult.GridImage> images) {
        int cell = 28 * ZOOM;
        int rows = Math.max(1, (images.size() + COLUMNS - 1) / COLUMNS);
        int width = COLUMNS * (cell + GAP) + GAP;
        int height = rows * (cell + CAPTION + GAP) + GAP;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; i < images.size(); i++) {
                MonitorResult.GridImage image = images.get(i);
                int x = GAP + (i % COLUMNS) * (cell + GAP);
                int y = GAP + (i / COLUMNS) * (cell + CAPTION + GAP);
                try {
                    BufferedImage picture = GrayImages.toBufferedImage(GrayImages.luminance(ImageDecoder.decode(image.png())));
                    g.drawImage(picture, x, y, cell, cell, null);
                } catch (RuntimeException e) {
                    g.setColor(Color.LIGHT_GRAY);
                    g.fillRect(x, y, cell, cell);
                }
                g.setColor(image.probability() < 0.5 ? new Color(0xD9, 0x3A, 0x2B) : Color.BLACK);
                String label = image.label().length() > 8 ? image.label().substring(0, 8) : image.label();
                g.drawString(String.format(Locale.ROOT, "%s %.1f%%", label, 100 * image.probability()), x, y + cell + CAPTION - 5);
            }
        } finally {
            g.dispose();
        }
        return GrayImages.toPng(out);
    }
}
