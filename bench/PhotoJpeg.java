import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a phone-photo-sized JPEG (WIDTH×HEIGHT, quality 0.85) of "17" written with a pen PEN px wide on paper lit
 * from the left (a 40 % gradient) with sensor noise. Usage: java bench/PhotoJpeg.java OUT WIDTH HEIGHT PEN
 */
public class PhotoJpeg {
    public static void main(String[] args) throws Exception {
        int w = Integer.parseInt(args[1]);
        int h = Integer.parseInt(args[2]);
        float pen = Float.parseFloat(args[3]);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        Random r = new Random(17);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double light = 225 * (1 - 0.4 * x / w);
                int v = (int) Math.max(0, Math.min(255, light + r.nextGaussian() * 3));
                int i = 3 * (y * w + x);
                px[i] = (byte) (v * 0.92);
                px[i + 1] = (byte) v;
                px[i + 2] = (byte) v;
            }
        }
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(40, 40, 60));
        g.setStroke(new BasicStroke(pen, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double s = h / 3.0; // digit height
        Path2D one = new Path2D.Double();
        one.moveTo(w * 0.36, h / 2.0 - 0.35 * s);
        one.lineTo(w * 0.40, h / 2.0 - 0.5 * s);
        one.lineTo(w * 0.40, h / 2.0 + 0.5 * s);
        Path2D seven = new Path2D.Double();
        seven.moveTo(w * 0.50, h / 2.0 - 0.5 * s);
        seven.lineTo(w * 0.50 + 0.7 * s, h / 2.0 - 0.5 * s);
        seven.lineTo(w * 0.50 + 0.25 * s, h / 2.0 + 0.5 * s);
        g.draw(one);
        g.draw(seven);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.85f);
        File out = new File(args[0]);
        out.delete();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(img, null, null), param);
        }
        writer.dispose();
    }
}
