package dev.inkwell.server.triggers;

import dev.inkwell.bucket.event.S3Notifications;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.server.Role;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.server.input.RequestInputs;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bucket event notifications from real S3 stores: AWS S3's event JSON (direct, or through SNS: test events and
 * subscription confirmations are answered, the subscribe URL logged, never fetched) and MinIO's webhook, including the
 * HEAD probe MinIO sends before it delivers. A sender proves itself with the webhook token
 * ({@code INKWELL_WEBHOOK_TOKEN}, else the API key) as {@code Authorization: Bearer TOKEN} (MinIO's {@code auth_token}),
 * {@code X-Api-Key}, or {@code ?token=} (an SNS subscription URL can carry no header). Events are queued before the
 * answer: a 503 tells the sender to try again.
 */
public final class WebhookRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    static final String PATH = "/v1/events/s3";
    private final TriggerHost host;
    private final byte[] token;

    public WebhookRoutes(TriggerHost host, ServerConfig config) {
        this.host = host;
        String t = config.triggers().webhookToken() != null ? config.triggers().webhookToken() : config.auth().apiKey();
        this.token = t == null ? null : t.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public List<ApiRoute> routes() {
        String auth = "Needs the webhook token (INKWELL_WEBHOOK_TOKEN, else the API key) as 'Authorization: Bearer TOKEN', 'X-Api-Key: TOKEN' or ?token=TOKEN.";
        Map<Integer, String> refusals = Map.of(401, "missing or wrong token", 403, "webhooks disabled (no token configured)");
        ApiRoute post = ApiRoute.post(PATH).tag("triggers").summary("Receive S3 or MinIO bucket event notifications")
                .description("AWS S3 event notification JSON (Records[].s3.bucket.name, URL-encoded s3.object.key, eTag, sequencer; "
                        + "s3:TestEvent), the same through SNS, or MinIO's webhook (EventName, Key, Records). Matching objects are queued for "
                        + "their triggers before the answer. " + auth)
                .accepts(List.of("application/json", "text/plain")).returns("WebhookResult").errors(refusals)
                .error(400, "not an S3 or MinIO notification (the message names the record and field)").error(413, "over 1 MiB")
                .error(503, "the store cannot take the events now, or triggers are off: send again").handler(this::receive);
        ApiRoute probe = new ApiRoute(HandlerType.HEAD, PATH, "triggers", "MinIO's probe: is the webhook there (and the token right)?",
                auth, Role.PUBLIC, List.of(), null, List.of(), merged(Map.of(200, "OK"), refusals), List.of(), this::probe);
        return List.of(post, probe);
    }

    private static Map<Integer, String> merged(Map<Integer, String> a, Map<Integer, String> b) {
        Map<Integer, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    private void check(Context ctx) {
        if (token == null) {
            throw new HttpProblem(403, "webhooks are disabled: start the server with " + ServerConfig.TriggerConfig.TOKEN_ENV + " or "
                    + ServerConfig.Auth.ENV + " set, and give the sender that token");
        }
        String presented = presented(ctx);
        if (presented == null || !MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"inkwell\"");
            throw new HttpProblem(401, presented == null ? "this webhook needs its token: 'Authorization: Bearer <token>', 'X-Api-Key: <token>' or ?token="
                    : "the webhook token is not valid");
        }
    }

    private static String presented(Context ctx) {
        String key = ctx.header("X-Api-Key");
        if (key != null && !key.isBlank()) return key.strip();
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = authorization.substring(7).strip();
            return t.isEmpty() ? null : t;
        }
        String query = ctx.queryParam("token");
        return query == null || query.isEmpty() ? null : query;
    }

    private void probe(Context ctx) {
        check(ctx);
        ctx.status(200);
    }

    private void receive(Context ctx) {
        check(ctx);
        byte[] body = RequestInputs.body(ctx, S3Notifications.MAX_BYTES);
        S3Notifications.Payload payload = S3Notifications.parse(body);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", payload.kind().name().toLowerCase(Locale.ROOT));
        out.put("records", payload.events().size());
        int queued = 0;
        switch (payload.kind()) {
            case EVENTS -> queued = payload.events().isEmpty() ? 0 : host.service().deliverWebhook(payload.events());
            case SUBSCRIPTION_CONFIRMATION -> {
                // fetching it would let anyone who knows the token make this server call out: a person confirms it
                LOG.warn("an SNS topic asks to deliver S3 events here: confirm it by visiting {}", payload.subscribeUrl());
                out.put("subscribe_url", payload.subscribeUrl());
            }
            case TEST_EVENT, UNSUBSCRIBE_CONFIRMATION -> {
            }
        }
        out.put("queued", queued);
        ctx.json(out);
    }
}
