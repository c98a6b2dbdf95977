package dev.inkwell.server;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One HTTP route and its documentation: {@link ApiRoutes} registers these with Javalin and {@link OpenApiDocument}
 * describes exactly the same list, so the two cannot drift apart. Made with {@link #get}/{@link #post}/… and the
 * builder they return.
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
    static final String JSON = "application/json";

    public ApiRoute {
        requestTypes = List.copyOf(requestTypes);
        responseTypes = List.copyOf(responseTypes);
        responses = Map.copyOf(responses);
        queryParams = List.copyOf(queryParams);
    }

    /** A documented query parameter. */
    public record QueryParam(String name, String type, String description) {
    }

    public static Builder get(String path) {
        return new Builder(HandlerType.GET, path);
    }

    public static Builder post(String path) {
        return new Builder(HandlerType.POST, path);
    }

    public static Builder put(String path) {
        return new Builder(HandlerType.PUT, path);
    }

    public static Builder delete(String path) {
        return new Builder(HandlerType.DELETE, path);
    }

    /** Collects a route's parts; {@link #handler(Handler)} ends it. */
    public static final class Builder {
        private final HandlerType method;
        private final String path;
        private String tag = "";
        private String summary = "";
        private String description = "";
        private Role role = Role.PUBLIC;
        private List<String> requestTypes = List.of();
        private String schema = "Object";
        private List<String> responseTypes = List.of(JSON);
        private final Map<Integer, String> errors = new TreeMap<>();
        private List<QueryParam> query = List.of();

        private Builder(HandlerType method, String path) {
            this.method = method;
            this.path = path;
        }

        public Builder tag(String value) {
            this.tag = value;
            return this;
        }

        public Builder summary(String value) {
            this.summary = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        /** A management route: needs the API key, so it also answers 401 and 403. */
        public Builder manage() {
            this.role = Role.MANAGE;
            return this;
        }

        public Builder accepts(List<String> mediaTypes) {
            this.requestTypes = mediaTypes;
            return this;
        }

        /** The success response's schema (a name under {@code components.schemas}). */
        public Builder returns(String schemaName) {
            this.schema = schemaName;
            return this;
        }

        public Builder returns(String schemaName, List<String> mediaTypes) {
            this.schema = schemaName;
            this.responseTypes = mediaTypes;
            return this;
        }

        public Builder query(List<QueryParam> params) {
            this.query = params;
            return this;
        }

        public Builder error(int status, String meaning) {
            errors.put(status, meaning);
            return this;
        }

        public Builder errors(Map<Integer, String> more) {
            errors.putAll(more);
            return this;
        }

        public ApiRoute handler(Handler handler) {
            Map<Integer, String> responses = new LinkedHashMap<>();
            responses.put(200, "OK");
            String text = description;
            if (role == Role.MANAGE) {
                responses.put(401, "missing or wrong API key");
                responses.put(403, "management routes disabled (no key configured)");
                text = text + (text.isEmpty() ? "" : " ")
                        + "Needs the API key (INKWELL_API_KEY) as 'Authorization: Bearer KEY' or 'X-Api-Key: KEY'.";
            }
            responses.putAll(errors);
            return new ApiRoute(method, path, tag, summary, text, role, requestTypes, schema, responseTypes, responses, query,
                    Objects.requireNonNull(handler));
        }
    }
}
