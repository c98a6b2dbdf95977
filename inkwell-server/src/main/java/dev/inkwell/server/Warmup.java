package dev.inkwell.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.serving.endpoint.DeployedVariant;
import dev.inkwell.serving.endpoint.Deployment;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import dev.inkwell.serving.endpoint.LoadedModel;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that would otherwise land on the first clients: ImageIO's plugin scan, and class loading, first-call
 * set-up and JIT compilation of the request path (decode, preprocess, model, JSON). Failures only cost speed.
 */
final class Warmup {
    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);

    private Warmup() {
    }

    /** ImageIO scans for plugins on first use; do it now. */
    static void decoders() {
        try {
            ImageDecoder.decode(png(1, false));
        } catch (IOException | RuntimeException e) {
            LOG.debug("decoder warm-up failed: {}", e.toString());
        }
    }

    /** {@code rounds} pictures of {@code size}×{@code size} (a dark stroke on white) through every endpoint. */
    static void requestPath(EndpointRuntime endpoints, ObjectMapper json, int size, int rounds, BooleanSupplier stop) {
        try {
            byte[] picture = png(size, true);
            for (int r = 0; r < rounds && !stop.getAsBoolean(); r++) {
                for (LiveEndpoint ep : endpoints.all()) {
                    Deployment d = ep.deployment();
                    if (d == null) continue;
                    for (DeployedVariant v : d.variants()) {
                        LoadedModel m = v.loaded();
                        if (!m.acquire()) continue;
                        try {
                            Recognition recognition = m.recognizer().recognize(picture, "warm-up");
                            json.writeValueAsBytes(RecognitionJson.of(ep.name(), v.name(), new RecognitionJson.ModelJson(v.model().name(),
                                    v.model().version()), m.card(), recognition, RecognitionJson.Debug.REPORT_AND_IMAGES, Map.of("total_ms", 0.0)));
                        } finally {
                            m.release();
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("request-path warm-up failed: {}", e.toString());
        }
    }

    private static byte[] png(int size, boolean stroke) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, size, size);
        if (stroke) {
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(Math.max(2f, size / 20f)));
            g.drawLine(size / 2, size / 6, size / 2, size * 5 / 6);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
