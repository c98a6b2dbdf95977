package dev.inkwell.server.endpoints;

import dev.inkwell.inference.ModelCard;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.serving.endpoint.EndpointRegistry;
import dev.inkwell.serving.endpoint.ModelEndpoint;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The endpoint routes: list and describe the endpoints, and (with the API key) load an endpoint's model again. */
public final class EndpointRoutes implements RouteGroup {
    private final EndpointRegistry endpoints;

    public EndpointRoutes(EndpointRegistry endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/v1/endpoints").tag("endpoints").summary("List endpoints and their models").returns("EndpointList")
                        .error(503, "the models are not loaded (yet)").handler(this::list),
                ApiRoute.get("/v1/endpoints/{name}").tag("endpoints").summary("Describe an endpoint").returns("Endpoint")
                        .error(404, "no such endpoint").handler(this::describe),
                ApiRoute.post("/v1/endpoints/{name}/reload").tag("management").summary("Load the endpoint's model again")
                        .description("The new model is loaded beside the old one and swapped in when ready; if it cannot be "
                                + "loaded the endpoint keeps serving the old one.")
                        .manage().returns("Endpoint").error(404, "no such endpoint, or its model file is gone")
                        .error(422, "the model file is there but cannot be loaded").handler(this::reload));
    }

    private void list(Context ctx) {
        ctx.json(Map.of("endpoints", endpoints.all().stream().map(EndpointRoutes::describe).toList()));
    }

    private void describe(Context ctx) {
        ctx.json(describe(endpoints.get(ctx.pathParam("name"))));
    }

    private void reload(Context ctx) {
        ctx.json(describe(endpoints.reload(ctx.pathParam("name"))));
    }

    static Map<String, Object> describe(ModelEndpoint ep) {
        ModelCard card = ep.card();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ep.name());
        m.put("model", RecognitionJson.ModelJson.of(card));
        m.put("source", ep.source());
        m.put("architecture", card.architecture());
        m.put("classes", card.classNames());
        m.put("input", card.inputWidth() + "×" + card.inputHeight() + "×" + card.inputChannels() + ", scaled " + card.inputScaling());
        m.put("preprocessing", card.preprocessing());
        m.put("loaded_at", ep.loadedAt().toString());
        m.put("load_ms", ep.loadTime().toNanos() / 1e6);
        return m;
    }
}
