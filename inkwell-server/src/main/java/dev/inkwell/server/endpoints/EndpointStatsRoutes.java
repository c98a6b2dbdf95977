package dev.inkwell.server.endpoints;

import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.serving.endpoint.DeployedVariant;
import dev.inkwell.serving.endpoint.Deployment;
import dev.inkwell.serving.endpoint.EndpointRuntime;
import dev.inkwell.serving.endpoint.LiveEndpoint;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/endpoints/{name}/stats}: live figures per variant of an endpoint (requests/s, latency percentiles,
 * mean confidence, shadow agreement) as JSON, so the endpoints page need not parse Prometheus text. The figures are
 * this replica's own (see {@link EndpointStats}).
 */
public final class EndpointStatsRoutes implements RouteGroup {
    private final EndpointRuntime endpoints;
    private final EndpointStats stats;

    public EndpointStatsRoutes(EndpointRuntime endpoints, EndpointStats stats) {
        this.endpoints = endpoints;
        this.stats = stats;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/v1/endpoints/{name}/stats").tag("endpoints").summary("Live figures per variant, from this replica")
                .description("Requests (since this replica started), requests/s over the last 10 s and since start, latency p50/p95/p99 "
                        + "and mean confidence over the last 60 s (at most 2,048 requests), and a shadow's agreement with the answers. "
                        + "Each replica counts only what it served and starts from zero; /metrics has the counters to sum across replicas.")
                .returns("EndpointStats").error(404, "no such endpoint").handler(this::stats));
    }

    private void stats(Context ctx) {
        LiveEndpoint ep = endpoints.get(ctx.pathParam("name"));
        Deployment d = ep.deployment();
        List<Map<String, Object>> variants = new ArrayList<>();
        if (d != null) {
            for (DeployedVariant v : d.variants()) variants.add(variant(ep.name(), v, false, v.weight()));
            if (d.shadow() != null) variants.add(variant(ep.name(), d.shadow(), true, d.shadowPercent()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("endpoint", ep.name());
        out.put("status", d == null ? "failed" : "serving");
        out.put("at", Instant.now().toString());
        out.put("counting_since", stats.startedAt().toString());
        out.put("rate_window_s", VariantWindow.RATE_SECONDS);
        out.put("sample_window_s", VariantWindow.SAMPLE_NANOS / 1_000_000_000L);
        out.put("variants", variants);
        ctx.json(out);
    }

    /** @param share the variant's weight, or the shadow's percentage of requests it reads */
    private Map<String, Object> variant(String endpoint, DeployedVariant v, boolean shadow, double share) {
        VariantWindow.Figures f = stats.figures(endpoint, v.name(), shadow);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("shadow", shadow);
        if (shadow) m.put("percent", share);
        else m.put("weight", (int) share);
        m.put("model", new RecognitionJson.ModelJson(v.model().name(), v.model().version()));
        m.put("requests", f.requests());
        m.put("requests_per_second", round(f.perSecond(), 3));
        m.put("requests_per_second_since_start", round(f.perSecondSinceStart(), 3));
        m.put("recent_requests", f.recent());
        m.put("latency_ms", latency(f.latencyMs()));
        m.put("mean_confidence", f.meanConfidence() == null ? null : round(f.meanConfidence(), 4));
        m.put("agreement", f.agreement() == null ? null : round(f.agreement(), 4));
        m.put("readings_compared", f.readingsCompared());
        m.put("last_request_at", f.lastNanos() == null ? null : stats.wallClock(f.lastNanos()).toString());
        return m;
    }

    private static Map<String, Object> latency(VariantWindow.Latency l) {
        if (l == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", round(l.p50(), 3));
        m.put("p95", round(l.p95(), 3));
        m.put("p99", round(l.p99(), 3));
        m.put("mean", round(l.mean(), 3));
        return m;
    }

    private static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }
}
