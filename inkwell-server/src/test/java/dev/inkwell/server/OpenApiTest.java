package dev.inkwell.server;

import static dev.inkwell.server.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.event.HandlerMetaInfo;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes exactly the routes Javalin registered, and every schema it names exists. */
class OpenApiTest {
    @Test
    void documentMatchesTheRegisteredRoutes() {
        try (TestServer http = TestServer.start()) {
            JsonNode doc = json(http.get("/openapi.json"));
            assertThat(doc.get("openapi").asText()).startsWith("3.");
            Set<String> documented = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey()));
            }
            Set<String> registered = new TreeSet<>();
            for (HandlerMetaInfo h : http.server.registeredRoutes()) {
                if (h.getHttpMethod().isHttpMethod()) registered.add(h.getHttpMethod().name() + " " + h.getPath());
            }
            assertThat(documented).isEqualTo(registered);
            assertThat(documented).contains("POST /v1/endpoints/{name}/predict", "POST /predict", "POST /mnistpredict",
                    "GET /healthcheck", "GET /ping", "POST /invocations", "POST /endpoints/{name}/invocations",
                    "GET /metrics", "GET /openapi.json", "GET /health/live", "GET /health/ready");
            assertThat(doc.at("/paths/~1v1~1endpoints~1{name}~1reload/post/security")).isNotEmpty();
            assertThat(doc.at("/paths/~1v1~1endpoints~1{name}~1predict/post/parameters/0/in").asText()).isEqualTo("path");
            assertThat(doc.at("/paths/~1v1~1endpoints~1{name}~1predict/post/requestBody/content")).hasSizeGreaterThan(8);

            Set<String> refs = new HashSet<>();
            collectRefs(doc, refs);
            for (String ref : refs) {
                assertThat(doc.at("/components/schemas/" + ref.substring(ref.lastIndexOf('/') + 1)).isMissingNode()).as(ref).isFalse();
            }
            for (String route : documented) {
                if (route.startsWith("GET ") && !route.contains("{")) {
                    assertThat(http.get(route.substring(4)).statusCode()).as(route).isIn(200, 403);
                }
            }
        }
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) refs.add(e.getValue().asText());
                else collectRefs(e.getValue(), refs);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
