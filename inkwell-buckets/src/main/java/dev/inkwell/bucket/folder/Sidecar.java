package dev.inkwell.bucket.folder;

import java.util.Map;

/**
 * What a folder bucket keeps beside an object's file: its ETag, content type and user metadata, valid while the file
 * still has {@code state}. Kept as JSON under {@code .inkwell/meta} of the buckets folder, never in the bucket.
 */
record Sidecar(String key, long size, long modifiedNanos, String fileKey, String eTag, String contentType,
               Map<String, String> metadata) {
    Sidecar {
        metadata = metadata == null ? Map.of() : metadata;
    }

    static Sidecar of(String key, FileState state, String eTag, String contentType, Map<String, String> metadata) {
        return new Sidecar(key, state.size(), state.modifiedNanos(), state.fileKey(), eTag, contentType, metadata);
    }

    FileState state() {
        return new FileState(size, modifiedNanos, fileKey);
    }

    boolean describes(String k, FileState s) {
        return key.equals(k) && state().equals(s);
    }
}
