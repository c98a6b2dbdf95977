package dev.inkwell.bucket.folder;

import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.core.InvalidInputException;
import java.nio.file.Path;

/**
 * How keys map to files in a folder bucket: each {@code /}-separated segment is a folder or file name. A key must be
 * a plain relative path (no leading or doubled {@code /}, no {@code .} or {@code ..}, no segment over 255 bytes), so
 * it can never name anything outside its bucket's folder, and names Inkwell keeps for itself are refused.
 */
public final class FolderKeys {
    /** Segments starting with this are Inkwell's (temporary files); no key may use them. */
    static final String RESERVED = ".inkwell-";
    private static final int MAX_SEGMENT_BYTES = 255;

    private FolderKeys() {
    }

    /** The file of {@code key} in {@code bucketDir}, or an {@link InvalidInputException} when the key cannot be one. */
    public static Path resolve(Path bucketDir, String key) {
        String problem = problem(key);
        if (problem != null) throw new InvalidInputException(ObjectKeys.location(key), problem);
        Path p = bucketDir;
        for (String segment : key.split("/", -1)) p = p.resolve(segment);
        if (!p.normalize().startsWith(bucketDir.normalize())) {
            throw new InvalidInputException(ObjectKeys.location(key), "leads out of the bucket");
        }
        return p;
    }

    /** Whether a folder bucket can hold {@code key}. */
    public static boolean isStorable(String key) {
        return ObjectKeys.isValid(key) && problem(key) == null;
    }

    /** The folder of a key prefix's complete segments ({@code a/b} of {@code a/b/c}), or null when no key could be under it. */
    static Path folderOf(Path bucketDir, String prefix) {
        int cut = prefix.lastIndexOf('/');
        if (cut <= 0) return cut == 0 ? null : bucketDir;
        String folders = prefix.substring(0, cut);
        if (problem(folders) != null) return null;
        Path p = bucketDir;
        for (String segment : folders.split("/", -1)) p = p.resolve(segment);
        return p;
    }

    /** Whether a file name found in a bucket folder is one of Inkwell's own (never an object). */
    static boolean isReserved(String fileName) {
        return fileName.startsWith(RESERVED);
    }

    private static String problem(String key) {
        String checked = ObjectKeys.isValid(key) ? null : "not a valid key";
        if (checked != null) return checked;
        if (key.startsWith("/")) return "a folder bucket keeps keys as relative paths: no leading /";
        if (key.endsWith("/")) return "a key ending in / names a folder, which a folder bucket does not keep as an object";
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty()) return "a folder bucket keeps keys as relative paths: no empty segment (//)";
            if (segment.equals(".") || segment.equals("..")) return "a folder bucket keeps keys as relative paths: no . or .. segment";
            if (ObjectKeys.utf8Length(segment) > MAX_SEGMENT_BYTES) return "a segment longer than " + MAX_SEGMENT_BYTES + " bytes cannot be a file name";
            if (isReserved(segment)) return "names starting with " + RESERVED + " are Inkwell's own";
        }
        return null;
    }
}
