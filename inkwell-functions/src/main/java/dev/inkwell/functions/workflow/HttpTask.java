package dev.inkwell.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.Json;
import dev.inkwell.workflow.spi.TaskFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Step Functions' HTTP task ({@code arn:aws:states:::http:invoke}): {@code ApiEndpoint}, {@code Method},
 * {@code Headers}, {@code QueryParameters}, {@code RequestBody} (JSON, or text). Answers {@code {"StatusCode",
 * "StatusText", "Headers", "ResponseBody"}} (the body parsed when it is JSON); a status outside 2xx fails the task with
 * {@code States.Http.StatusCode.NNN}, as Step Functions does. Only http and https; the answer is capped at 6 MiB.
 */
public final class HttpTask {
    public static final String RESOURCE = "arn:aws:states:::http:invoke";
    static final long MAX_ANSWER = 6L * 1024 * 1024;
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    /** Built on first use: building one loads the default TLS context and starts a thread, which every server start paid for. */
    private HttpClient client;

    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    public CompletionStage<JsonNode> invoke(JsonNode p, Long timeoutSeconds) {
        HttpRequest request;
        try {
            request = request(p, timeoutSeconds);
        } catch (TaskFailedException e) {
            return CompletableFuture.failedFuture(e);
        }
        return client().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(r -> {
            byte[] body;
            try (var in = r.body()) {
                body = in.readNBytes((int) MAX_ANSWER + 1);
            } catch (IOException e) {
                throw new TaskFailedException("States.Http.Socket", "reading the answer of " + request.uri() + ": " + e.getMessage());
            }
            if (body.length > MAX_ANSWER) throw new TaskFailedException("States.DataLimitExceeded", "the answer of " + request.uri() + " is over 6 MiB");
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("StatusCode", r.statusCode());
            out.put("StatusText", statusText(r.statusCode()));
            ObjectNode headers = out.putObject("Headers");
            r.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
            String text = new String(body, StandardCharsets.UTF_8);
            JsonNode parsed = null;
            if (!text.isBlank()) {
                try {
                    parsed = Json.mapper().readTree(text);
                } catch (IOException notJson) {
                    parsed = null;
                }
            }
            if (parsed != null) out.set("ResponseBody", parsed);
            else out.put("ResponseBody", text);
            if (r.statusCode() / 100 != 2) {
                throw new TaskFailedException("States.Http.StatusCode." + r.statusCode(), out.toString());
            }
            return (JsonNode) out;
        }).exceptionallyCompose(e -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof TaskFailedException t) return CompletableFuture.failedFuture(t);
            return CompletableFuture.failedFuture(new TaskFailedException("States.Http.Socket", request.uri() + ": " + cause));
        });
    }

    static HttpRequest request(JsonNode p, Long timeoutSeconds) {
        String endpoint = p.path("ApiEndpoint").asText(null);
        if (endpoint == null) throw new TaskFailedException("States.Runtime", "The field 'ApiEndpoint' is required by " + RESOURCE);
        String method = p.path("Method").asText("").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) throw new TaskFailedException("States.Runtime", "The field 'Method' must be one of " + METHODS.stream().sorted().toList());
        StringBuilder url = new StringBuilder(endpoint);
        JsonNode query = p.path("QueryParameters");
        if (query.isObject() && !query.isEmpty()) {
            url.append(endpoint.contains("?") ? '&' : '?');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = query.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!first) url.append('&');
                first = false;
                url.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString(), StandardCharsets.UTF_8));
            }
        }
        URI uri;
        try {
            uri = URI.create(url.toString());
        } catch (IllegalArgumentException e) {
            throw new TaskFailedException("States.Runtime", "ApiEndpoint is not a URL: " + e.getMessage());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new TaskFailedException("States.Runtime", "ApiEndpoint must be an http or https URL (was " + endpoint + ")");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(timeoutSeconds == null ? 60 : timeoutSeconds));
        JsonNode body = p.get("RequestBody");
        boolean json = body != null && !body.isTextual();
        p.path("Headers").fields().forEachRemaining(h -> b.header(h.getKey(), h.getValue().asText()));
        if (json && p.path("Headers").path("Content-Type").isMissingNode()) b.header("Content-Type", "application/json");
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json ? body.toString() : body.textValue());
        try {
            return b.method(method, publisher).build();
        } catch (IllegalArgumentException e) {
            throw new TaskFailedException("States.Runtime", "bad HTTP task parameters: " + e.getMessage());
        }
    }

    private static String statusText(int status) {
        return switch (status / 100) {
            case 2 -> "OK";
            case 3 -> "Redirect";
            case 4 -> "Client Error";
            default -> "Server Error";
        };
    }
}
