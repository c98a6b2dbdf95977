package dev.inkwell.functions;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what functions produce (results, error reports, exports) and marks it: user metadata
 * {@value #ORIGIN_METADATA} names who asked ({@code trigger/NAME}, {@code cli}…). Triggers never fire on an object
 * whose origin is a trigger, whatever reports it (this process, a watcher, a poller, a webhook): no loops. While a
 * function writes here, this thread is marked too, so the dispatcher can drop the write's own event without reading
 * the object back.
 */
public final class FunctionOutputs {
    public static final String ORIGIN_METADATA = "inkwell-origin";
    public static final String TRIGGER_ORIGIN_PREFIX = "trigger/";
    private static final ThreadLocal<String> WRITING = new ThreadLocal<>();

    private FunctionOutputs() {
    }

    public static ObjectInfo put(Bucket bucket, String key, byte[] content, String contentType, String origin) {
        return put(bucket, key, new ByteArrayInputStream(content),
                PutOptions.none().withContentType(contentType).withLength(content.length), origin);
    }

    /** Stores {@code content} under {@code key} with the origin added to the options' metadata. */
    public static ObjectInfo put(Bucket bucket, String key, InputStream content, PutOptions options, String origin) {
        Map<String, String> metadata = new LinkedHashMap<>(options.metadata());
        metadata.put(ORIGIN_METADATA, origin);
        String previous = WRITING.get();
        WRITING.set(origin);
        try {
            return bucket.put(key, content, options.withMetadata(metadata));
        } finally {
            if (previous == null) WRITING.remove();
            else WRITING.set(previous);
        }
    }

    /** Deletes {@code key} (a stale result) as the function's own change. */
    public static boolean delete(Bucket bucket, String key, String origin) {
        String previous = WRITING.get();
        WRITING.set(origin);
        try {
            return bucket.delete(key);
        } finally {
            if (previous == null) WRITING.remove();
            else WRITING.set(previous);
        }
    }

    /** Whether this thread is writing a trigger's output right now (the event being delivered is that write's). */
    public static boolean writingTriggerOutput() {
        String origin = WRITING.get();
        return origin != null && origin.startsWith(TRIGGER_ORIGIN_PREFIX);
    }

    /** Whether the object was written by a trigger. */
    public static boolean isTriggerOutput(ObjectInfo info) {
        String origin = info.metadata().get(ORIGIN_METADATA);
        return origin != null && origin.startsWith(TRIGGER_ORIGIN_PREFIX);
    }

    /** The origin of a trigger's invocations. */
    public static String triggerOrigin(String triggerName) {
        return TRIGGER_ORIGIN_PREFIX + triggerName;
    }
}
