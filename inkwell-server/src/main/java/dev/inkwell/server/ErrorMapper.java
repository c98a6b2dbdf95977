package dev.inkwell.server;

import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.core.UnprocessableException;
import dev.inkwell.serving.admission.OverloadedException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers, by what went wrong: bad input 400, too large 413, not found 404,
 * conflict 409, unusable content 422, unavailable 503 (with {@code Retry-After} when known), protocol problems as
 * {@link HttpProblem} says. Every answer is {@code {"error": {"status", "message"}}}; anything unexpected is a 500
 * whose message points at the log line holding the details.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    /** The status for a failure the code knows; 500 for anything else. */
    public static int status(Throwable e) {
        return switch (e) {
            case HttpProblem p -> p.status();
            case InputTooLargeException t -> 413;
            case InvalidInputException i -> 400;
            case NotFoundException n -> 404;
            case ConflictException c -> 409;
            case UnprocessableException u -> 422;
            case UnavailableException u -> 503;
            case HttpResponseException h -> h.getStatus();
            default -> 500;
        };
    }

    public static void register(Javalin app) {
        app.exception(Exception.class, ErrorMapper::handle);
    }

    private static void handle(Exception e, Context ctx) {
        int status = status(e);
        if (e instanceof UnavailableException u) {
            // refusals of a full replica come in floods: counted on /metrics, not logged one by one
            if (!(e instanceof OverloadedException)) LOG.warn("{} {}: unavailable: {}", ctx.method(), ctx.path(), e.getMessage());
            if (u.retryAfter() != null) ctx.header("Retry-After", Long.toString(Math.max(1, u.retryAfter().toSeconds())));
        }
        if (status == 500) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.atError().addKeyValue("error_id", id).addKeyValue("path", ctx.path()).setCause(e)
                    .log("internal error {} on {} {}", id, ctx.method(), ctx.path());
            // a failure the user can act on keeps its message; anything else stays in the log
            String message = e instanceof InkwellException ? e.getMessage() + " (error id " + id + ")"
                    : "internal error (id " + id + "); the server log has the details";
            write(ctx, 500, message);
            return;
        }
        write(ctx, status, e.getMessage());
    }

    static void write(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message == null || message.isBlank() ? "HTTP " + status : message);
        ctx.status(status).json(Map.of("error", body));
    }
}
