package dev.inkwell.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The management-route guard: routes registered with {@link Role#MANAGE} need the key from {@code INKWELL_API_KEY},
 * sent as {@code Authorization: Bearer KEY} or {@code X-Api-Key: KEY}. Without a configured key those routes are
 * closed (403), never open. Keys are compared in constant time.
 */
public final class ApiKeyAuth {
    public static final String HEADER = "X-Api-Key";

    private final byte[] key;

    public ApiKeyAuth(ServerConfig.Auth auth) {
        this.key = auth.apiKey() == null ? null : auth.apiKey().getBytes(StandardCharsets.UTF_8);
    }

    /** Throws 401/403 unless the request may call a {@link Role#MANAGE} route. */
    public void check(Context ctx) {
        if (!ctx.routeRoles().contains(Role.MANAGE)) return;
        if (key == null) {
            throw new HttpProblem(403, "management routes are disabled: start the server with " + ServerConfig.Auth.ENV + " set");
        }
        String presented = presentedKey(ctx);
        if (presented == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"inkwell\"");
            throw new HttpProblem(401, "this route needs the API key: send 'Authorization: Bearer <key>' or '" + HEADER + ": <key>'");
        }
        if (!MessageDigest.isEqual(key, presented.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"inkwell\", error=\"invalid_token\"");
            throw new HttpProblem(401, "the API key is not valid");
        }
    }

    private static String presentedKey(Context ctx) {
        String header = ctx.header(HEADER);
        if (header != null && !header.isBlank()) return header.strip();
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            return token.isEmpty() ? null : token;
        }
        return null;
    }
}
