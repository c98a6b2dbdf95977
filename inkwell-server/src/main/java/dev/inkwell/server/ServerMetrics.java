package dev.inkwell.server;

import dev.inkwell.monitor.capture.CaptureMetrics;
import dev.inkwell.recognition.DigitReading;
import dev.inkwell.recognition.Recognition;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.serving.PredictionListener;
import dev.inkwell.serving.ServingObserver;
import dev.inkwell.serving.admission.PixelAdmission;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

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
            .help("Predicted labels by endpoint, variant and class").labelNames("endpoint", "variant", "class").register(registry);
    private final Counter variantRequests = Counter.builder().name("inkwell_variant_requests_total")
            .help("Requests answered by endpoint and variant (shadow readings included, with shadow=\"true\")")
            .labelNames("endpoint", "variant", "shadow").register(registry);
    private final Histogram variantLatency = Histogram.builder().name("inkwell_variant_latency_seconds")
            .help("Time to read a request's inputs, by endpoint and variant").labelNames("endpoint", "variant").classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS).register(registry);
    private final Histogram confidence = Histogram.builder().name("inkwell_prediction_confidence")
            .help("Probability of the predicted class, by endpoint and variant").labelNames("endpoint", "variant").classicOnly()
            .classicUpperBounds(0.5, 0.7, 0.8, 0.9, 0.93, 0.95, 0.97, 0.99, 0.999, 1).register(registry);
    private final Counter shadowAgreement = Counter.builder().name("inkwell_shadow_readings_total")
            .help("Shadow readings by whether they agreed with the primary's label").labelNames("endpoint", "variant", "agreed").register(registry);
    private final Counter shadowDropped = Counter.builder().name("inkwell_shadow_dropped_total")
            .help("Shadow readings skipped because the shadow was busy (shadows never slow the primary)").labelNames("endpoint").register(registry);
    private final Counter deploys = Counter.builder().name("inkwell_endpoint_deploys_total")
            .help("Endpoint deploys by outcome (a failed one leaves the endpoint serving what it had)").labelNames("endpoint", "outcome").register(registry);
    private final Histogram batchSize = Histogram.builder().name("inkwell_model_batch_size")
            .help("Images per model call").labelNames("model").classicOnly()
            .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
    private final Gauge modelLoad = Gauge.builder().name("inkwell_model_load_seconds")
            .help("Time it took to load a model").labelNames("model").register(registry);
    private final Counter fetches = Counter.builder().name("inkwell_image_fetches_total")
            .help("Image URL fetches by outcome").labelNames("outcome").register(registry);

    /** The capture writer's counters: records captured, dropped (buffer full), lost (bucket failing), puts failed, pending. */
    public void capture(CaptureMetrics capture) {
        CounterWithCallback.builder().name("inkwell_capture_records_total")
                .help("Captured records by outcome: written, dropped (the buffer was full; the prediction went on), lost (the bucket kept failing)")
                .labelNames("outcome").callback(cb -> {
                    cb.call(capture.captured(), "written");
                    cb.call(capture.dropped(), "dropped");
                    cb.call(capture.lost(), "lost");
                }).register(registry);
        CounterWithCallback.builder().name("inkwell_capture_put_failures_total")
                .help("Capture object puts that failed (each is retried)").callback(cb -> cb.call(capture.flushFailures())).register(registry);
        CounterWithCallback.builder().name("inkwell_capture_bytes_total")
                .help("Bytes of capture objects written").callback(cb -> cb.call(capture.bytesWritten())).register(registry);
        GaugeWithCallback.builder().name("inkwell_capture_pending_requests")
                .help("Requests waiting in the capture buffer").callback(cb -> cb.call(capture.pending())).register(registry);
    }

    /** Admission of predictions by pixels: requests admitted and refused (503), pixels in flight and the limit. */
    public void admission(PixelAdmission gate) {
        CounterWithCallback.builder().name("inkwell_admission_requests_total")
                .help("Predictions by admission outcome: admitted, or rejected (503 with Retry-After: the replica's pixel budget stayed full, for a large picture after its wait)")
                .labelNames("outcome").callback(cb -> {
                    cb.call(gate.admitted(), "admitted");
                    cb.call(gate.rejected(), "rejected");
                }).register(registry);
        GaugeWithCallback.builder().name("inkwell_admission_pixels_in_flight")
                .help("Picture pixels being read now").callback(cb -> cb.call(gate.budget().inFlight())).register(registry);
        GaugeWithCallback.builder().name("inkwell_admission_pixels_limit")
                .help("Most picture pixels read at once").callback(cb -> cb.call(gate.budget().capacity())).register(registry);
        GaugeWithCallback.builder().name("inkwell_admission_waiting_requests")
                .help("Large pictures waiting for room to be read").callback(cb -> cb.call(gate.budget().waiting())).register(registry);
    }

    /** Requests being answered right now: what a HorizontalPodAutoscaler scales replicas on (docs/kubernetes.md). */
    public void inFlight(LongSupplier requests) {
        GaugeWithCallback.builder().name("inkwell_http_requests_in_flight")
                .help("HTTP requests this replica is answering right now").callback(cb -> cb.call(requests.getAsLong())).register(registry);
    }

    /** Low-confidence captures sent to the labelling queue, and those the store refused. */
    public void labelling(LongSupplier queued, LongSupplier failed) {
        CounterWithCallback.builder().name("inkwell_labelling_queued_total")
                .help("Low-confidence captured readings sent to the labelling queue, by outcome (failed: the store could not take them)")
                .labelNames("outcome").callback(cb -> {
                    cb.call(queued.getAsLong(), "added");
                    cb.call(failed.getAsLong(), "failed");
                }).register(registry);
    }

    public void request(String route, String method, int status, double seconds) {
        requests.labelValues(route, method, Integer.toString(status)).inc();
        latency.labelValues(route).observe(seconds);
    }

    @Override
    public void onPrediction(PredictionEvent event) {
        String endpoint = event.endpoint();
        String variant = event.variant();
        variantRequests.labelValues(endpoint, variant, Boolean.toString(event.shadow())).inc();
        if (event.shadow()) {
            for (int i = 0; i < event.recognitions().size() && i < event.primary().size(); i++) {
                boolean agreed = event.recognitions().get(i).primary().classification().index()
                        == event.primary().get(i).primary().classification().index();
                shadowAgreement.labelValues(endpoint, variant, Boolean.toString(agreed)).inc();
            }
            return;
        }
        variantLatency.labelValues(endpoint, variant).observe(event.nanos() / 1e9);
        for (Recognition r : event.recognitions()) {
            confidence.labelValues(endpoint, variant).observe(r.primary().classification().probability());
            for (DigitReading d : r.digits()) predictions.labelValues(endpoint, variant, d.classification().name()).inc();
        }
    }

    @Override
    public void batch(String model, int images) {
        batchSize.labelValues(model).observe(images);
    }

    @Override
    public void modelLoaded(String model, Duration took) {
        modelLoad.labelValues(model).set(took.toNanos() / 1e9);
    }

    @Override
    public void deployed(String endpoint, boolean ok) {
        deploys.labelValues(endpoint, ok ? "ok" : "failed").inc();
    }

    @Override
    public void shadowDropped(String endpoint) {
        shadowDropped.labelValues(endpoint).inc();
    }

    @Override
    public void fetch(boolean ok) {
        fetches.labelValues(ok ? "ok" : "refused_or_failed").inc();
    }

    /** Where other parts of the server register their metrics. */
    public PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
