package dev.inkwell.core;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Unmodifiable copies in key order. {@code Map.copyOf} iterates in an order that changes from one JVM to the next,
 * so whatever a user reads (tags, aliases, metadata, report rows) and every stored JSON would change between runs.
 */
public final class SortedMaps {
    private SortedMaps() {
    }

    /** An unmodifiable copy sorted by key; null keys are refused, as {@code Map.copyOf} does. */
    public static <K extends Comparable<? super K>, V> SortedMap<K, V> copyOf(Map<K, V> map) {
        if (map.isEmpty()) return Collections.emptySortedMap(); // most objects have no user metadata: no TreeMap each
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }
}
