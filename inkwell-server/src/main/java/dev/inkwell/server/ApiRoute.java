package dev.inkwell.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;

/**
 * One HTTP route and its documentation: {@link ApiRoutes} registers these with Javalin and {@link OpenApiDocument}
 * describes exactly the same list, so the two cannot drift apart.
 *
 * @param requestTypes media types the body may have (empty: no body)
 * @param responses    status → description; the first 2xx entry also names {@code responseSchema}
 * @param responseTypes media types of the success response
 */
public record ApiRoute(
        HandlerType method,
        String path,
        String tag,
        String summary,
        String description,
        Role role,
        List<String> requestTypes,
        String responseSchema,
        List<String> responseTypes,
        Map<Integer, String> responses,
        List<QueryParam> queryParams,
        Handler handler) {

    public ApiRoute {
        requestTypes = List.copyOf(requestTypes);
        responseTypes = List.copyOf(responseTypes);
        responses = Map.copyOf(responses);
        queryParams = List.copyOf(queryParams);
    }

    /** A documented query parameter. */
    public record QueryParam(String name, String type, String description) {
    }
}
