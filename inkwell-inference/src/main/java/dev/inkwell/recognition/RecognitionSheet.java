package dev.inkwell.recognition;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders what the model saw: one row per picture, each digit's model input enlarged 4× with its reading below.
 * The answer to "why did it say that?".
 */
public final class RecognitionSheet {
    private static final Logger LOG = LoggerFactory.getLogger(RecognitionSheet.class);
    private static final int ZOOM = 4;
    private static final int GAP = 8;
    private static final int CAPTION = 16;
    private static final int TITLE = 18;

    /** One picture's name and what was read from it. */
    public record Entry(String name, Recognition recognition) {
    }

    private RecognitionSheet() {
    }

    public static BufferedImage render(List<Entry> entries) {
        int cell = 0;
        int widest = 1;
        for (Entry e : entries) {
            for (DigitReading d : e.recognition().digits()) cell = Math.max(cell, d.modelInput().width() * ZOOM);
            widest = Math.max(widest, e.recognition().digits().size());
        }
        cell = Math.max(cell, 28 * ZOOM);
        int rowHeight = TITLE + cell + CAPTION + GAP;
        int width = Math.max(360, GAP + widest * (cell + GAP));
        BufferedImage sheet = new BufferedImage(width, Math.max(1, entries.size()) * rowHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(new Color(40, 40, 48));
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            for (int row = 0; row < entries.size(); row++) {
                Entry e = entries.get(row);
                int top = row * rowHeight;
                text(g, e.name() + "  →  " + e.recognition().number(), GAP, top + 13, Color.WHITE);
                List<DigitReading> digits = e.recognition().digits();
                for (int i = 0; i < digits.size(); i++) {
                    DigitReading d = digits.get(i);
                    GrayImage in = d.modelInput();
                    int x = GAP + i * (cell + GAP);
                    BufferedImage big = GrayImages.toBufferedImage(in);
                    g.drawImage(big, x, top + TITLE, in.width() * ZOOM, in.height() * ZOOM, null);
                    text(g, String.format("%s %.1f %%", d.classification().name(), d.classification().probability() * 100),
                            x, top + TITLE + cell + 12, new Color(255, 220, 120));
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    public static byte[] png(List<Entry> entries) {
        return GrayImages.toPng(render(entries));
    }

    private static void text(Graphics2D g, String s, int x, int y, Color color) {
        try {
            g.setColor(color);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(s, x, y);
        } catch (RuntimeException | Error e) { // a JRE without fonts still gets the images
            LOG.debug("no text on the sheet: {}", e.toString());
        }
    }
}
