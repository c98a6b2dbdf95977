package dev.inkwell.monitor;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ListPage;
import dev.inkwell.bucket.ListRequest;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.monitor.capture.CaptureKeys;
import dev.inkwell.monitor.capture.CaptureReader;
import dev.inkwell.monitor.capture.CaptureRecord;
import dev.inkwell.registry.endpoint.CaptureSettings;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an endpoint's capture records of a time window from its capture destination: lists its variants, then only
 * the hour folders the window touches, reads each object and hands on the records whose inference time is inside.
 * Damaged lines and unreadable objects are counted, never thrown.
 */
public final class CaptureScanner {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureScanner.class);
    /** A capture object larger than this is skipped (a writer's flush is far smaller). */
    public static final long MAX_OBJECT_BYTES = 256L << 20;

    private CaptureScanner() {
    }

    /** What was read. */
    public record Scan(long objects, long records, long skippedLines, long skippedObjects) {
    }

    /** Hands every record of {@code endpoint} inside {@code window} to {@code sink}, every variant's. */
    public static Scan scan(Buckets buckets, CaptureSettings location, String endpoint, CaptureWindow window, Consumer<CaptureRecord> sink) {
        if (!buckets.exists(location.bucket())) return new Scan(0, 0, 0, 0);
        Bucket bucket = buckets.bucket(location.bucket());
        String endpointPrefix = CaptureKeys.endpointPrefix(location.prefix(), endpoint);
        long objects = 0;
        long records = 0;
        long skippedLines = 0;
        long skippedObjects = 0;
        for (String variantPrefix : folders(bucket, endpointPrefix)) {
            for (Instant hour = CaptureKeys.hourOf(window.since()); hour.isBefore(window.until()); hour = hour.plus(1, ChronoUnit.HOURS)) {
                String hourPrefix = variantPrefix + CaptureKeys.hourFolder(hour);
                List<ObjectSummary> listed;
                try (Stream<ObjectSummary> s = bucket.objects(hourPrefix)) {
                    listed = s.filter(o -> o.key().endsWith(".jsonl")).toList();
                }
                for (ObjectSummary o : listed) {
                    if (o.size() > MAX_OBJECT_BYTES) {
                        LOG.warn("monitor: skipping {}/{}: {} bytes is more than a capture object holds", bucket.name(), o.key(), o.size());
                        skippedObjects++;
                        continue;
                    }
                    byte[] content;
                    try (ObjectContent c = bucket.get(o.key())) {
                        content = c.readAllBytes();
                    } catch (NotFoundException e) {
                        continue; // deleted since it was listed
                    } catch (Exception e) {
                        LOG.warn("monitor: cannot read {}/{}: {}", bucket.name(), o.key(), e.toString());
                        skippedObjects++;
                        continue;
                    }
                    objects++;
                    CaptureReader.Result read = CaptureReader.read(content);
                    skippedLines += read.skipped();
                    for (CaptureRecord r : read.records()) {
                        Instant at = CaptureReader.inferenceTime(r).orElseThrow(); // the reader only keeps timed records
                        if (!window.contains(at)) continue;
                        records++;
                        sink.accept(r);
                    }
                }
            }
        }
        return new Scan(objects, records, skippedLines, skippedObjects);
    }

    /** The "sub-folders" of {@code prefix} (the endpoint's variants), each ending with '/'. */
    private static List<String> folders(Bucket bucket, String prefix) {
        List<String> out = new ArrayList<>();
        ListRequest request = ListRequest.prefix(prefix).withDelimiter("/");
        while (true) {
            ListPage page = bucket.list(request);
            out.addAll(page.commonPrefixes());
            if (!page.isTruncated()) return out;
            request = request.withContinuationToken(page.nextContinuationToken());
        }
    }
}
