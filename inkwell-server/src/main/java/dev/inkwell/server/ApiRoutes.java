package dev.inkwell.server;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole HTTP surface: every {@link RouteGroup}'s routes, registered with Javalin behind the API-key guard, failures
 * mapped by {@link ErrorMapper}, and documented by the OpenAPI document built from the same list.
 */
public final class ApiRoutes {
    private final List<ApiRoute> routes;
    private final String version;
    private Map<String, Object> openApi;

    public ApiRoutes(List<RouteGroup> groups, String version) {
        List<ApiRoute> all = new ArrayList<>();
        for (RouteGroup g : groups) all.addAll(g.routes());
        this.routes = List.copyOf(all);
        this.version = version;
    }

    public List<ApiRoute> routes() {
        return routes;
    }

    /** The OpenAPI document, built once: the routes do not change after start. */
    public synchronized Map<String, Object> openApi() {
        if (openApi == null) openApi = OpenApiDocument.build(routes, version);
        return openApi;
    }

    /** Registers every route, the API-key guard and the error mapping on {@code app}. */
    public void register(Javalin app, ApiKeyAuth auth) {
        app.beforeMatched(auth::check);
        for (ApiRoute route : routes) app.addHttpHandler(route.method(), route.path(), route.handler(), route.role());
        ErrorMapper.register(app);
    }
}
