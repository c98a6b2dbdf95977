package dev.inkwell.server.labelling;

import dev.inkwell.image.GrayImage;
import dev.inkwell.image.GrayImages;
import dev.inkwell.image.ImageDecoder;
import dev.inkwell.monitor.CapturedReading;
import dev.inkwell.monitor.capture.CaptureRecord;
import dev.inkwell.monitor.capture.CaptureWriter;
import dev.inkwell.serving.PredictionEvent;
import dev.inkwell.store.LabellingItem;
import dev.inkwell.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends captured readings the model was unsure of (top probability under the threshold, shadows left out) to the
 * store's labelling queue, as each capture object is written (on the capture writer's thread, never a request's).
 * A store that cannot be reached loses those items (counted); the captures themselves stay in their bucket.
 */
public final class LabellingIntake implements CaptureWriter.WrittenListener {
    private static final Logger LOG = LoggerFactory.getLogger(LabellingIntake.class);

    private final Supplier<Store> store;
    private final double threshold;
    private final LongAdder queued = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private boolean failing;

    public LabellingIntake(Supplier<Store> store, double threshold) {
        this.store = store;
        this.threshold = threshold;
    }

    /** Only a primary variant's reading under the threshold can become an item: the others' records need not be built. */
    @Override
    public boolean wants(PredictionEvent event, int input) {
        return !event.shadow() && event.recognitions().get(input).primary().classification().probability() < threshold;
    }

    @Override
    public void written(String bucket, String key, List<CaptureRecord> records) {
        List<LabellingItem> candidates = new ArrayList<>();
        for (CaptureRecord r : records) candidate(r, "s3://" + bucket + "/" + key).ifPresent(candidates::add);
        if (candidates.isEmpty()) return;
        try {
            queued.add(store.get().labelling().add(candidates));
            if (failing) LOG.info("labelling queue: adding works again");
            failing = false;
        } catch (RuntimeException e) {
            failed.add(candidates.size());
            if (!failing) LOG.warn("labelling queue: cannot add {} low-confidence readings of {}/{}: {}", candidates.size(), bucket, key, e.getMessage());
            failing = true;
        }
    }

    /** The record as a queue item, when it is a primary variant's reading under the threshold. */
    Optional<LabellingItem> candidate(CaptureRecord r, String capture) {
        CaptureRecord.InkwellDetails said = r.inkwell();
        // most readings are confident: pass them over before decoding anything
        if (said == null || said.shadow() || !(said.probability() < threshold)) return Optional.empty();
        Optional<CapturedReading> read = CapturedReading.of(r);
        if (read.isEmpty() || read.get().shadow() || !(read.get().probability() < threshold)) return Optional.empty();
        CapturedReading c = read.get();
        CaptureRecord.InkwellDetails d = r.inkwell();
        if (d.endpoint() == null || d.variant() == null || d.index() < 0 || r.eventMetadata().eventId() == null) return Optional.empty();
        GrayImage image = GrayImages.luminance(ImageDecoder.decode(c.modelInputPng()));
        byte[] pixels = new byte[image.width() * image.height()];
        float[] px = image.pixels();
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) Math.round(Math.max(0, Math.min(255, px[i])));
        return Optional.of(LabellingItem.candidate(r.eventMetadata().eventId(), d.endpoint(), d.variant(), c.model(), capture, d.index(),
                c.label(), c.probability(), pixels, image.width(), image.height(), c.time()));
    }

    /** Readings added to the queue (not counting ones already there). */
    public long queued() {
        return queued.sum();
    }

    /** Readings that could not be added (the store failed). */
    public long failed() {
        return failed.sum();
    }
}
