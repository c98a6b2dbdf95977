package dev.inkwell.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.recognition.RecognitionJson.Debug;
import dev.inkwell.serving.endpoint.DeployedVariant;
import dev.inkwell.serving.endpoint.Deployment;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import dev.inkwell.serving.endpoint.LoadedModel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BooleanSupplier;
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
        } catch (RuntimeException e) {
            LOG.debug("decoder warm-up failed: {}", e.toString());
        }
    }

    /**
     * One request to this server's own health check, over a plain socket: the first request a fresh JVM serves pays
     * for Jetty's and Javalin's first-call set-up and class loading; made here, while the models load, the first
     * client's request does not (its answer 26-36 ms after the start against 91-127 ms). It counts in the request
     * metrics like any health check.
     */
    static void http(String host, int port) {
        String target = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target, port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("GET /healthcheck HTTP/1.1\r\nHost: " + (target.contains(":") ? "[" + target + "]" : target) + ":" + port
                    + "\r\nUser-Agent: inkwell-warm-up\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        } catch (IOException | RuntimeException e) {
            LOG.debug("HTTP warm-up failed: {}", e.toString());
        }
    }

    /** {@link #requestPath} after {@code delay}, unless {@code stop} says so by then. */
    static void requestPathLater(Duration delay, EndpointRuntime endpoints, ObjectMapper json, int size, int rounds, Debug debug,
                                 BooleanSupplier stop) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        requestPath(endpoints, json, size, rounds, debug, stop);
    }

    /**
     * {@code rounds} pictures of {@code size}×{@code size} (a dark stroke on white) through every endpoint, their answers
     * written with {@code debug}'s parts, as a request asking for them would be.
     */
    static void requestPath(EndpointRuntime endpoints, ObjectMapper json, int size, int rounds, Debug debug, BooleanSupplier stop) {
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
                                    v.model().version()), m.card(), recognition, debug, Map.of("total_ms", 0.0)));
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

    /**
     * A {@code size}×{@code size} opaque RGBA PNG, white, with a dark vertical stroke when {@code stroke}: the kind the
     * web page's canvas sends. Drawn into an array rather than with Java 2D, whose ~200 classes a server otherwise
     * never loads.
     */
    static byte[] png(int size, boolean stroke) {
        float[] px = new float[size * size];
        Arrays.fill(px, 255f);
        if (stroke) {
            int half = Math.max(1, size / 40);
            for (int y = size / 6; y < size * 5 / 6; y++) {
                for (int x = Math.max(0, size / 2 - half); x < Math.min(size, size / 2 + half); x++) px[y * size + x] = 0f;
            }
        }
        return GrayImages.toOpaqueRgbaPng(new GrayImage(size, size, px));
    }
}
