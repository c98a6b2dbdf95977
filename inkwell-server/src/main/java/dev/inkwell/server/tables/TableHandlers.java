package dev.inkwell.server.tables;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.core.Texts;
import dev.inkwell.dataset.CsvReader;
import dev.inkwell.dataset.ImageSamples;
import dev.inkwell.dataset.Sample;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.server.ServerConfig;
import dev.inkwell.server.input.RequestInputs;
import dev.inkwell.store.IngestResult;
import dev.inkwell.store.SampleTable;
import dev.inkwell.store.Store;
import dev.inkwell.store.StoreException;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples-table routes (management: they need the API key): list, describe, ingest into and drop tables of the
 * server's store. The store is opened on first use, so a server that never touches tables never creates one, and
 * closed with the server.
 */
public final class TableHandlers implements AutoCloseable {
    private static final String UPLOAD = "request body";
    private final String location;
    private final ServerConfig.Limits limits;
    private Store store;
    private boolean closed;

    /** @param location the store ({@code null}: {@code $INKWELL_HOME/inkwell.db}) */
    public TableHandlers(String location, ServerConfig.Limits limits) {
        this.location = location;
        this.limits = limits;
    }

    private synchronized Store store() {
        if (closed) throw new StoreException("the server is stopping: its store is closed");
        if (store == null) store = Store.openOrEmbedded(location);
        return store;
    }

    /** Closes the store, if a request opened it. */
    @Override
    public synchronized void close() {
        closed = true;
        if (store != null) store.close();
        store = null;
    }

    public void list(Context ctx) {
        Store s = store();
        ctx.json(Map.of("store", s.displayName(), "tables", s.tables()));
    }

    public void describe(Context ctx) {
        SampleTable table = store().table(ctx.pathParam("name"));
        Map<String, Long> splits = table.counts();
        if (splits.isEmpty()) throw HttpProblem.notFound("no table " + table.name() + " (or it is empty)");
        ctx.json(summary(table.name(), splits));
    }

    /**
     * Adds the body's samples: {@code text/csv} (Kaggle layout, any split via {@code ?split=}) or one image
     * ({@code ?label=N}, {@code ?split=}, {@code ?channels=1|3}). One transaction, idempotent like {@code inkwell ingest}.
     */
    public void ingest(Context ctx) {
        SampleTable table = store().table(ctx.pathParam("name"));
        String split = split(ctx);
        String type = RequestInputs.mediaType(ctx.contentType());
        byte[] body = RequestInputs.body(ctx, limits.maxBodyBytes());
        if (body.length == 0) throw HttpProblem.badRequest("empty body: send text/csv rows or an image");
        SampleReader samples;
        if (RequestInputs.CSV_TYPES.contains(type)) {
            samples = CsvReader.open(new ByteArrayInputStream(body), UPLOAD, split);
        } else if (RequestInputs.IMAGE_TYPES.contains(type)) {
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

    public void drop(Context ctx) {
        SampleTable table = store().table(ctx.pathParam("name"));
        long n = table.drop();
        if (n == 0) throw HttpProblem.notFound("no table " + table.name() + " (or it was empty): nothing deleted");
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
            throw new InvalidInputException(dev.inkwell.core.InputLocation.file("label"), "'" + abbreviate(label) + "': expected a class number 0-999999");
        }
        return Integer.parseInt(label);
    }

    private static int channels(Context ctx) {
        String c = ctx.queryParam("channels");
        if (c == null || c.equals("1")) return 1;
        if (c.equals("3")) return 3;
        throw new InvalidInputException(dev.inkwell.core.InputLocation.file("channels"), "'" + abbreviate(c) + "': expected 1 (grey) or 3 (RGB)");
    }

    private static String abbreviate(String s) {
        return Texts.abbreviate(s, 20);
    }
}
