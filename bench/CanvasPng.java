import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Writes a 600×600 PNG like the web page's canvas sends: a black "7" stroked on white, antialiased. */
public class CanvasPng {
    public static void main(String[] args) throws Exception {
        int size = 600;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        g.setColor(new Color(17, 17, 17));
        g.setStroke(new BasicStroke(30, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D seven = new Path2D.Double();
        seven.moveTo(180, 140);
        seven.lineTo(420, 140);
        seven.lineTo(360, 300);
        seven.lineTo(250, 480);
        g.draw(seven);
        g.dispose();
        ImageIO.write(img, "png", new File(args[0]));
    }
}
