package dev.inkwell.server.ops;

import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.server.ServerMetrics;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Health (seed, SageMaker and Kubernetes styles), Prometheus metrics and the OpenAPI document. */
public final class OpsRoutes implements RouteGroup {
    private final ServerMetrics metrics;
    private final BooleanSupplier ready;
    private final Supplier<Map<String, Object>> openApi;

    public OpsRoutes(ServerMetrics metrics, BooleanSupplier ready, Supplier<Map<String, Object>> openApi) {
        this.metrics = metrics;
        this.ready = ready;
        this.openApi = openApi;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/healthcheck").tag("health").summary("Seed 002's health check").returns("Status")
                        .handler(ctx -> ctx.json(Map.of("status", "healthy"))),
                ApiRoute.get("/ping").tag("health").summary("SageMaker-style health check").returns("Status")
                        .error(503, "not ready").handler(this::readiness),
                ApiRoute.get("/health/live").tag("health").summary("Liveness: the process answers").returns("Status")
                        .handler(ctx -> ctx.json(Map.of("status", "alive"))),
                ApiRoute.get("/health/ready").tag("health").summary("Readiness: models loaded and not shutting down")
                        .returns("Status").error(503, "not ready").handler(this::readiness),
                ApiRoute.get("/metrics").tag("operations").summary("Prometheus metrics").returns("Metrics", List.of("text/plain"))
                        .handler(this::metrics),
                ApiRoute.get("/openapi.json").tag("operations").summary("This OpenAPI document").returns("OpenApi")
                        .handler(ctx -> ctx.json(openApi.get())));
    }

    private void readiness(Context ctx) {
        boolean ok = ready.getAsBoolean();
        ctx.status(ok ? 200 : 503).json(Map.of("status", ok ? "healthy" : "unavailable"));
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        metrics.write(out);
        ctx.contentType(metrics.contentType()).result(out.toByteArray());
    }
}
