package dev.inkwell.bucket;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import java.util.List;
import java.util.regex.Pattern;

/**
 * S3's bucket naming rules, enforced on every backend: a name that works on the folder default must also work on
 * AWS, MinIO or Ceph, and it is safe as a folder name (no dots alone, no slashes, no leading dot).
 */
public final class BucketNames {
    private static final Pattern SHAPE = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    private BucketNames() {
    }

    public static boolean isValid(String name) {
        return problem(name) == null;
    }

    /** {@code name}, or an {@link InvalidInputException} saying which rule it breaks. */
    public static String check(String name) {
        String problem = problem(name);
        if (problem != null) throw new InvalidInputException(location(name), problem);
        return name;
    }

    static InputLocation location(String name) {
        return InputLocation.file("bucket name \"" + (name == null ? "" : Texts.abbreviate(name, 80)) + "\"");
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) return "a bucket needs a name";
        if (!SHAPE.matcher(name).matches()) {
            return "must be 3 to 63 characters of lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit";
        }
        if (name.contains("..")) return "must not contain two dots in a row";
        if (IP_ADDRESS.matcher(name).matches()) return "must not look like an IP address";
        for (String prefix : RESERVED_PREFIXES) if (name.startsWith(prefix)) return "must not start with " + prefix + " (reserved by S3)";
        for (String suffix : RESERVED_SUFFIXES) if (name.endsWith(suffix)) return "must not end with " + suffix + " (reserved by S3)";
        return null;
    }
}
