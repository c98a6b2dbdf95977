package dev.inkwell.server.tables;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Progress;
import dev.inkwell.core.Texts;
import dev.inkwell.dataset.CsvReader;
import dev.inkwell.dataset.ImageSamples;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.server.ApiRoute;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.server.RouteGroup;
import dev.inkwell.server.input.RequestInputs;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.input.BodyInputs;
import dev.inkwell.store.SampleTable;
import dev.inkwell.store.Store;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The samples-table routes (management: they need the API key): list, describe, ingest into and drop tables of the
 * server's store.
 */
public final class TableRoutes implements RouteGroup {
    private static final Map<Integer, String> STORE_ERRORS = Map.of(503, "the store cannot be reached");
    private static final String UPLOAD = "request body";
    private final Supplier<Store> store;
    private final ServingConfig.Limits limits;

    /** @param store the server's store (503 while it cannot be reached) */
    public TableRoutes(Supplier<Store> store, ServingConfig.Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/v1/tables").tag("tables").summary("List the samples tables with their rows per split").manage()
                        .returns("TableList").errors(STORE_ERRORS).handler(this::list),
                ApiRoute.get("/v1/tables/{name}").tag("tables").summary("Describe a samples table").manage().returns("Table")
                        .errors(STORE_ERRORS).error(404, "no such table").handler(this::describe),
                ApiRoute.post("/v1/tables/{name}/samples").tag("tables").summary("Add samples to a table (created on first use)")
                        .description("text/csv in the Kaggle layout (label,pixel0,… with or without header, optional uuid), or one "
                                + "image with ?label=N. One transaction: a bad row adds nothing. Samples already there (same uuid) "
                                + "are counted, not added again.")
                        .manage().accepts(List.of("text/csv", "image/png", "image/jpeg", "image/gif", "image/bmp", "application/octet-stream"))
                        .returns("IngestResult")
                        .query(List.of(new ApiRoute.QueryParam("split", "string", "split of the samples (default train)"),
                                new ApiRoute.QueryParam("label", "integer", "image body: its class"),
                                new ApiRoute.QueryParam("channels", "integer", "image body: 1 (grey, default) or 3 (RGB)"),
                                new ApiRoute.QueryParam("uuid", "string", "image body: its key (default: from its content)")))
                        .errors(STORE_ERRORS).error(400, "malformed CSV or image (the message names line and column)")
                        .error(413, "body or image over the limits").error(415, "unsupported Content-Type").handler(this::ingest),
                ApiRoute.delete("/v1/tables/{name}").tag("tables").summary("Delete a table's rows").manage().returns("TableDropped")
                        .errors(STORE_ERRORS).error(404, "no such table").handler(this::drop));
    }

    private Store store() {
        return store.get();
    }

    private void list(Context ctx) {
        Store s = store();
        ctx.json(Map.of("store", s.displayName(), "tables", s.tables()));
    }

    private void describe(Context ctx) {
        SampleTable table = store().table(ctx.pathParam("name"));
        Map<String, Long> splits = table.counts();
        if (splits.isEmpty()) throw new NotFoundException("no table " + table.name() + " (or it is empty)");
        ctx.json(summary(table.name(), splits));
    }

    /**
     * Adds the body's samples: {@code text/csv} (Kaggle layout, any split via {@code ?split=}) or one image
     * ({@code ?label=N}, {@code ?split=}, {@code ?channels=1|3}). One transaction, idempotent like {@code inkwell ingest}.
     */
    private void ingest(Context ctx) {
        SampleTable table = store().table(ctx.pathParam("name"));
        String split = split(ctx);
        String type = BodyInputs.mediaType(ctx.contentType());
        byte[] body = RequestInputs.body(ctx, limits.maxBodyBytes());
        if (body.length == 0) throw new InvalidInputException("empty body: send text/csv rows or an image");
        SampleReader samples;
        if (BodyInputs.CSV_TYPES.contains(type)) {
            samples = CsvReader.open(new ByteArrayInputStream(body), UPLOAD, split);
        } else if (BodyInputs.IMAGE_TYPES.contains(type)) {
            Sample s = ImageSamples.decode(body, UPLOAD, channels(ctx), limits.imageLimits(),
                    label(ctx), split);
            String uuid = ctx.queryParam("uuid");
            samples = SampleReader.of(List.of(uuid == null || uuid.isBlank() ? s : s.withUuid(uuid)));
        } else {
            throw HttpProblem.unsupportedType("Content-Type " + (type.isEmpty() ? "(none)" : "'" + type + "'")
                    + ": send text/csv (label,pixel0,… rows) or an image (image/png, image/jpeg, …)");
        }
        ctx.json(table.ingest(samples, Progress.NONE).toMap());
    }

    private void drop(Context ctx) {
        SampleTable table = store().table(ctx.pathParam("name"));
        long n = table.drop();
        if (n == 0) throw new NotFoundException("no table " + table.name() + " (or it was empty): nothing deleted");
        ctx.json(Map.of("table", table.name(), "dropped", n));
    }

    private static Map<String, Object> summary(String name, Map<String, Long> splits) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", name);
        out.put("rows", splits.values().stream().mapToLong(Long::longValue).sum());
        out.put("splits", splits);
        return out;
    }

    private static String split(Context ctx) {
        String split = ctx.queryParam("split");
        return split == null || split.isBlank() ? "train" : SampleTable.checkSplit(split);
    }

    private static Integer label(Context ctx) {
        String label = ctx.queryParam("label");
        if (label == null || label.isBlank()) return null;
        if (!label.matches("[0-9]{1,6}")) {
            throw new InvalidInputException(InputLocation.file("label"), "'" + abbreviate(label) + "': expected a class number 0-999999");
        }
        return Integer.parseInt(label);
    }

    private static int channels(Context ctx) {
        String c = ctx.queryParam("channels");
        if (c == null || c.equals("1")) return 1;
        if (c.equals("3")) return 3;
        throw new InvalidInputException(InputLocation.file("channels"), "'" + abbreviate(c) + "': expected 1 (grey) or 3 (RGB)");
    }

    private static String abbreviate(String s) {
        return Texts.abbreviate(s, 20);
    }
}
