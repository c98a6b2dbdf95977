package dev.inkwell.bucket.event;

/**
 * Hears bucket events. Called on the thread that made the change, after it succeeded: keep it short (record the
 * event, hand the work to another thread). What it throws is logged and counted, never passed to the writer.
 */
@FunctionalInterface
public interface BucketEventListener {
    void onEvent(BucketEvent event);
}
