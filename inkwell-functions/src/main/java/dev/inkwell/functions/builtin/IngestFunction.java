package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.CsvReader;
import dev.inkwell.dataset.ImageSamples;
import dev.inkwell.dataset.SampleReader;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectEvent;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.store.IngestResult;
import dev.inkwell.store.SampleTable;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Seed 000's Lambda, without its 15-minute limit: the object at {@code bucket/key} goes into a samples table. A CSV in
 * any layout {@code inkwell ingest} reads (Kaggle train or test, with or without header, a uuid column anywhere; gzip
 * too), streamed; or one picture whose label is in its name ({@code 3_anything.png}, or a folder named by it:
 * {@code 3/x.png}). One transaction per object, idempotent (uuids: the CSV's own, else from source and content), so
 * a repeated or interrupted ingest adds each sample once. Event: {@code {"bucket", "key", "table", "split"?,
 * "channels"?}}.
 */
public final class IngestFunction implements Function {
    public static final String NAME = "ingest";
    private static final Set<String> OPTIONS = Set.of("table", "split", "channels", "output_prefix");
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "put a CSV (any layout ingest reads) or a picture with its label in its name into a samples table, once";
    }

    @Override
    public boolean takesObjectEvents() {
        return true;
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        Options.only(name(), options, OPTIONS);
        SampleTable.checkName(EventFields.requiredText(options, "table"));
        split(options);
        channels(options);
        EventFields.prefix(options, "output_prefix", ClassifyFunction.DEFAULT_PREFIX);
        return options;
    }

    private static String split(JsonNode event) {
        return SampleTable.checkSplit(EventFields.text(event, "split", "train"));
    }

    private static int channels(JsonNode event) {
        int c = EventFields.integer(event, "channels", 1, 1, 3);
        if (c == 2) throw new InvalidInputException(InputLocation.file("event field channels"), "expected 1 (grey) or 3 (RGB)");
        return c;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        ObjectEvent object = ObjectEvent.of(event);
        SampleTable table = invocation.environment().store().table(SampleTable.checkName(EventFields.requiredText(event, "table")));
        String split = split(event);
        var env = invocation.environment();
        Bucket bucket = env.buckets().bucket(object.bucket());
        IngestResult result;
        String eTag;
        try (ObjectContent content = bucket.get(object.key())) {
            eTag = content.info().eTag();
            SampleReader samples = isImage(object.key(), content.info().contentType())
                    ? picture(object, content, split, channels(event), env.limits())
                    : csv(object, content, split);
            result = table.ingest(samples, heartbeats(invocation));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + object.uri() + ": " + e.getMessage(), e);
        }
        ObjectNode answer = Json.mapper().valueToTree(result.toMap());
        answer.put("bucket", object.bucket());
        answer.put("key", object.key());
        answer.put("etag", eTag);
        return answer;
    }

    private static boolean isImage(String key, String contentType) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) return false;
        int dot = lower.lastIndexOf('.');
        return IMAGE_EXTENSIONS.contains(dot < 0 ? "" : lower.substring(dot + 1)) || contentType.toLowerCase(Locale.ROOT).startsWith("image/");
    }

    private static SampleReader csv(ObjectEvent object, ObjectContent content, String split) throws IOException {
        InputStream in = new BufferedInputStream(content.stream(), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) in = new GZIPInputStream(in, 1 << 16); // a .csv.gz, whatever its name
        return CsvReader.open(in, object.uri(), split);
    }

    private static SampleReader picture(ObjectEvent object, ObjectContent content, String split, int channels,
                                        ServingConfig.Limits limits) throws IOException {
        if (content.length() > limits.maxBodyBytes()) {
            throw new InputTooLargeException(InputLocation.file(object.uri()),
                    content.length() + " bytes: a picture may have at most " + limits.maxBodyBytes());
        }
        byte[] bytes = content.stream().readAllBytes();
        return SampleReader.of(List.of(ImageSamples.decode(bytes, object.uri(), channels, limits.imageLimits(), labelOf(object.key()), split)));
    }

    /** The label a key names: its folder when that is a number ({@code 3/x.png}), else its name's first digit ({@code 3_x.png}), else none. */
    static Integer labelOf(String key) {
        String[] parts = key.split("/");
        String name = parts[parts.length - 1];
        if (parts.length > 1 && parts[parts.length - 2].matches("\\d{1,9}")) return Integer.valueOf(parts[parts.length - 2]);
        return !name.isEmpty() && name.charAt(0) >= '0' && name.charAt(0) <= '9' ? name.charAt(0) - '0' : null;
    }

    /** A progress that keeps telling the caller the ingest is alive. */
    private static Progress heartbeats(Invocation invocation) {
        return new Progress() {
            @Override
            public void start(String task, long total) {
            }

            @Override
            public void advance(long units) {
                invocation.beat();
            }

            @Override
            public void close() {
            }
        };
    }
}
