package dev.inkwell.server;

import dev.inkwell.recognition.DigitReading;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.PredictionListener;
import dev.inkwell.serving.ServingObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The server's Prometheus metrics: requests and latency per route, predictions per class, batches, model loads. Serving
 * reports to it as a {@link ServingObserver} and a {@link PredictionListener}.
 */
public final class ServerMetrics implements ServingObserver, PredictionListener {
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.025, 0.05,
        0.1, 0.25, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder().name("inkwell_http_requests_total")
            .help("HTTP requests by route template, method and status").labelNames("route", "method", "status").register(registry);
    private final Histogram latency = Histogram.builder().name("inkwell_http_request_duration_seconds")
            .help("HTTP request latency by route template").labelNames("route").classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Counter predictions = Counter.builder().name("inkwell_predictions_total")
            .help("Predicted labels by endpoint and class").labelNames("endpoint", "class").register(registry);
    private final Histogram batchSize = Histogram.builder().name("inkwell_model_batch_size")
            .help("Images per model call").labelNames("endpoint").classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    private final Gauge modelLoad = Gauge.builder().name("inkwell_model_load_seconds")
            .help("Time it took to load the endpoint's model").labelNames("endpoint", "model").register(registry);
    private final Counter fetches = Counter.builder().name("inkwell_image_fetches_total")
            .help("Image URL fetches by outcome").labelNames("outcome").register(registry);

    public void request(String route, String method, int status, double seconds) {
        requests.labelValues(route, method, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
    }

    @Override
    public void onPrediction(PredictionEvent event) {
        String endpoint = event.endpoint().name();
        for (Recognition r : event.recognitions()) {
            for (DigitReading d : r.digits()) predictions.labelValues(endpoint, d.classification().name()).inc();
        }
    }

    @Override
    public void batch(String endpoint, int images) {
        batchSize.labelValues(endpoint).observe(images);
    }

    @Override
    public void modelLoaded(String endpoint, String model, Duration took) {
        modelLoad.labelValues(endpoint, model).set(took.toNanos() / 1e9);
    }

    @Override
    public void fetch(boolean ok) {
        fetches.labelValues(ok ? "ok" : "refused_or_failed").inc();
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
