package dev.inkwell.functions.trigger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This process's copy of the trigger definitions, read again every refresh (and at once after a change made here),
 * so that matching an event costs no query. Another process's change shows here within a refresh; objects written
 * in between are found by the trigger's catch-up ({@link EventSources}).
 */
final class TriggerCatalog {
    private record Snapshot(List<Trigger> all, Map<String, List<Trigger>> byBucket) {
    }

    private final TriggerStore store;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());

    TriggerCatalog(TriggerStore store) {
        this.store = store;
    }

    void refresh() {
        List<Trigger> all = store.all();
        Map<String, List<Trigger>> byBucket = new HashMap<>();
        for (Trigger t : all) byBucket.computeIfAbsent(t.bucket(), b -> new ArrayList<>()).add(t);
        snapshot = new Snapshot(List.copyOf(all), Map.copyOf(byBucket));
    }

    List<Trigger> all() {
        return snapshot.all();
    }

    /** The triggers an object written at {@code bucket/key} is for. */
    List<Trigger> matching(String bucket, String key) {
        List<Trigger> candidates = snapshot.byBucket().get(bucket);
        if (candidates == null) return List.of();
        List<Trigger> out = new ArrayList<>(1);
        for (Trigger t : candidates) if (t.matches(bucket, key)) out.add(t);
        return out;
    }
}
