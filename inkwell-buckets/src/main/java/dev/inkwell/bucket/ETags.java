package dev.inkwell.bucket;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** S3's ETags: the MD5 of the content in hex, or for an object completed from N parts the MD5 of their MD5s, "-N". */
public final class ETags {
    private static final Pattern SINGLE = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern MULTIPART = Pattern.compile("[0-9a-f]{32}-[1-9][0-9]{0,4}");

    private ETags() {
    }

    public static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no MD5", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** The ETag of an object assembled from parts with these ETags (single-part ETags, in part order). */
    public static String multipart(List<String> partETags) {
        MessageDigest md5 = md5();
        for (String part : partETags) md5.update(HexFormat.of().parseHex(unquote(part)));
        return hex(md5.digest()) + "-" + partETags.size();
    }

    /** The ETag without the quotes HTTP puts around it, in lower case. */
    public static String unquote(String eTag) {
        if (eTag == null) return null;
        String t = eTag.strip();
        if (t.startsWith("W/")) t = t.substring(2);
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) t = t.substring(1, t.length() - 1);
        return t.toLowerCase(Locale.ROOT);
    }

    public static String quote(String eTag) {
        return "\"" + eTag + "\"";
    }

    /** Whether {@code eTag} (unquoted) has S3's shape, single-part or multipart. */
    public static boolean isWellFormed(String eTag) {
        return eTag != null && (SINGLE.matcher(eTag).matches() || MULTIPART.matcher(eTag).matches());
    }

    public static boolean isMultipart(String eTag) {
        return eTag != null && MULTIPART.matcher(eTag).matches();
    }
}
