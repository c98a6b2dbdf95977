package dev.inkwell.bucket;

import java.net.URLConnection;
import java.util.Locale;
import java.util.Map;

/** The content type of an object nobody gave one for: from the key's extension, as S3 consoles and the aws CLI do. */
public final class ContentTypes {
    public static final String DEFAULT = "application/octet-stream";
    /** What the JDK's table lacks or gets wrong for the files Inkwell's buckets hold. */
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("csv", "text/csv"), Map.entry("json", "application/json"), Map.entry("jsonl", "application/jsonl"),
            Map.entry("txt", "text/plain"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("bmp", "image/bmp"),
            Map.entry("webp", "image/webp"), Map.entry("tif", "image/tiff"), Map.entry("tiff", "image/tiff"),
            Map.entry("onnx", "application/octet-stream"), Map.entry("gz", "application/gzip"),
            Map.entry("zip", "application/zip"), Map.entry("html", "text/html"), Map.entry("yaml", "application/yaml"));

    private ContentTypes() {
    }

    public static String guess(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        if (dot > slash && dot < key.length() - 1) {
            String known = KNOWN.get(key.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (known != null) return known;
        }
        String jdk = URLConnection.guessContentTypeFromName(key.substring(slash + 1));
        return jdk == null ? DEFAULT : jdk;
    }
}
