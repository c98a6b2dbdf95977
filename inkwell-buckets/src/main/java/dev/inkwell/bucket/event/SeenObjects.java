package dev.inkwell.bucket.event;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which version (ETag) of each object has already been announced, so that watchers and pollers never raise an event
 * twice for the same (key, ETag). The in-memory one forgets on restart; whoever needs that to survive (the triggers'
 * store) implements this over it.
 */
public interface SeenObjects {
    /** Records {@code eTag} as the announced version of the object; true when it was not already. */
    boolean update(String bucket, String key, String eTag);

    /** Forgets the object (it was deleted); true when it was known. */
    boolean remove(String bucket, String key);

    /** The announced ETag, or null. */
    String eTag(String bucket, String key);

    static SeenObjects inMemory() {
        return new InMemory();
    }

    /** A map in memory, safe for concurrent use. */
    final class InMemory implements SeenObjects {
        private final Map<String, String> seen = new ConcurrentHashMap<>();

        private static String id(String bucket, String key) {
            return bucket + "/" + key;
        }

        @Override
        public boolean update(String bucket, String key, String eTag) {
            String previous = seen.put(id(bucket, key), eTag == null ? "" : eTag);
            return previous == null || !previous.equals(eTag == null ? "" : eTag);
        }

        @Override
        public boolean remove(String bucket, String key) {
            return seen.remove(id(bucket, key)) != null;
        }

        @Override
        public String eTag(String bucket, String key) {
            String t = seen.get(id(bucket, key));
            return t == null || t.isEmpty() ? null : t;
        }

        public int size() {
            return seen.size();
        }
    }
}
