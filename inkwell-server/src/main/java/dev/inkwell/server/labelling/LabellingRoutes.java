package dev.inkwell.server.labelling;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Texts;
import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.store.LabellingItem;
import dev.inkwell.store.LabellingQueue;
import dev.inkwell.store.Store;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The labelling queue over HTTP (management: captured pictures are the users' own): list queued readings with their
 * 28×28 images, and label, skip or undo one. The labelling page ({@code /label.html}) is built on these.
 */
public final class LabellingRoutes implements RouteGroup {
    private static final Map<Integer, String> STORE_ERRORS = Map.of(503, "the store cannot be reached");
    private static final int MAX_BODY = 4096;
    private final Supplier<Store> store;

    public LabellingRoutes(Supplier<Store> store) {
        this.store = store;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/v1/labelling").tag("labelling").summary("Captured readings queued for a label, oldest first")
                        .description("Readings the model was not sure of (top probability under the threshold, 0.93 by default) with "
                                + "the 28×28 image it saw (base64 PNG) and the queue's counts.")
                        .manage().returns("LabellingList")
                        .query(List.of(new ApiRoute.QueryParam("status", "string", "pending (default), labelled, skipped or all"),
                                new ApiRoute.QueryParam("after", "integer", "only items with a larger id (paging)"),
                                new ApiRoute.QueryParam("limit", "integer", "at most this many (default 50, at most 500)")))
                        .errors(STORE_ERRORS).error(400, "a malformed parameter").handler(this::list),
                ApiRoute.post("/v1/labelling/{id}").tag("labelling").summary("Label, skip or undo a queued reading")
                        .description("Body {\"label\": N, \"table\": \"labelled\"} writes the reading into the samples table (source "
                                + "labelled) as class N; {\"action\": \"skip\"} passes it over; {\"action\": \"undo\"} puts it back to "
                                + "pending (taking its row out of the table).")
                        .manage().accepts(List.of("application/json")).returns("LabellingItem").errors(STORE_ERRORS)
                        .error(400, "malformed body (the message names the field)").error(404, "no such item").handler(this::change));
    }

    private void list(Context ctx) {
        String statusText = ctx.queryParam("status");
        LabellingItem.Status status = null;
        if (statusText == null || statusText.isBlank()) {
            status = LabellingItem.Status.PENDING;
        } else if (!statusText.equalsIgnoreCase("all")) {
            status = LabellingItem.Status.parse(statusText);
            if (status == null) throw new InvalidInputException("status '" + Texts.abbreviate(statusText, 20) + "': expected pending, labelled, skipped or all");
        }
        long after = number(ctx.queryParam("after"), "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(ctx.queryParam("limit"), "limit", 1, 500, 50);
        LabellingQueue q = store.get().labelling();
        Map<String, Long> counts = new LinkedHashMap<>();
        q.counts().forEach((s, n) -> counts.put(s.id(), n));
        ctx.json(Map.of("items", q.list(status, after, limit).stream().map(LabellingRoutes::json).toList(), "counts", counts));
    }

    private void change(Context ctx) {
        long id = number(ctx.pathParam("id"), "id", 1, Long.MAX_VALUE, 0);
        JsonNode body;
        try {
            byte[] bytes = ctx.req().getInputStream().readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) throw new InvalidInputException("the body is at most " + MAX_BODY + " bytes");
            body = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new InvalidInputException("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (body == null || !body.isObject()) throw new InvalidInputException("expected {\"label\": N} or {\"action\": \"skip\"|\"undo\"}");
        LabellingQueue q = store.get().labelling();
        JsonNode label = body.get("label");
        JsonNode action = body.get("action");
        if (label != null && action != null) throw new InvalidInputException("give a label or an action, not both");
        LabellingItem item;
        if (label != null) {
            if (!label.isIntegralNumber() || !label.canConvertToInt()) throw new InvalidInputException("label: expected a class number (0, 1, …)");
            JsonNode table = body.get("table");
            if (table != null && !table.isNull() && !table.isTextual()) throw new InvalidInputException("table: expected a table name");
            item = q.label(id, label.asInt(), table == null || table.isNull() ? null : table.asText());
        } else if (action != null && action.isTextual() && action.asText().equals("skip")) {
            item = q.skip(id);
        } else if (action != null && action.isTextual() && action.asText().equals("undo")) {
            item = q.undo(id);
        } else {
            throw new InvalidInputException("expected {\"label\": N} or {\"action\": \"skip\"|\"undo\"}");
        }
        ctx.json(json(item));
    }

    private static long number(String text, String name, long min, long max, long dflt) {
        if (text == null || text.isBlank()) return dflt;
        try {
            long v = Long.parseLong(text.strip());
            if (v < min || v > max) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name + " '" + Texts.abbreviate(text, 20) + "': expected a whole number from " + min + " to " + max);
        }
    }

    /** An item as the API shows it: no raw pixels, its image as a PNG. */
    static Map<String, Object> json(LabellingItem i) {
        Map<String, Object> m = i.summary();
        m.put("image", Base64.getEncoder().encodeToString(png(i)));
        return m;
    }

    static byte[] png(LabellingItem i) {
        float[] px = new float[i.width() * i.height()];
        for (int k = 0; k < px.length; k++) px[k] = i.pixels()[k] & 0xff;
        return GrayImages.toPng(new GrayImage(i.width(), i.height(), px));
    }
}
