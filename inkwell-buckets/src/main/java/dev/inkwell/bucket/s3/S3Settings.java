package dev.inkwell.bucket.s3;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * How to reach an S3-compatible store (AWS, MinIO, Ceph…).
 *
 * @param endpoint  null for AWS itself, else the store's URL ({@code http://minio:9000})
 * @param region    the signing region
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key} (MinIO, Ceph, S3Proxy)
 * @param accessKey null to use the AWS SDK's provider chain ({@code AWS_ACCESS_KEY_ID}…, profiles, container and
 *                  instance credentials)
 * @param partSize  the part size of multipart uploads, and the size above which a stream is uploaded in parts
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, String accessKey, String secretKey, long partSize) {
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long MAX_PART_SIZE = 5L << 30;
    public static final long DEFAULT_PART_SIZE = 8L << 20;
    public static final String DEFAULT_REGION = "us-east-1";
    private static final InputLocation WHERE = InputLocation.file("S3 settings");

    public S3Settings {
        if (endpoint != null) {
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new InvalidInputException(WHERE, "the endpoint must be an http:// or https:// URL with a host, not " + Texts.abbreviate(endpoint.toString(), 100));
            }
        }
        if (region == null || region.isBlank()) region = DEFAULT_REGION;
        if (!region.matches("[a-z0-9-]{1,40}")) throw new InvalidInputException(WHERE, "\"" + Texts.abbreviate(region, 40) + "\" is not a region name");
        if ((accessKey == null) != (secretKey == null) || accessKey != null && (accessKey.isEmpty() || secretKey.isEmpty())) {
            throw new InvalidInputException(WHERE, "give both an access key and a secret key, or neither (to use the AWS credential chain)");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new InvalidInputException(WHERE, "part size " + partSize + " is outside S3's 5 MiB to 5 GiB");
        }
    }

    /** AWS itself, the region and credentials from the SDK's chains. */
    public static S3Settings aws() {
        return new S3Settings(null, DEFAULT_REGION, false, null, null, DEFAULT_PART_SIZE);
    }

    /** A store at {@code endpoint}, path-style, with these credentials. */
    public static S3Settings endpoint(URI endpoint, String accessKey, String secretKey) {
        return new S3Settings(endpoint, DEFAULT_REGION, true, accessKey, secretKey, DEFAULT_PART_SIZE);
    }

    /**
     * From {@code INKWELL_S3_ENDPOINT}, {@code INKWELL_S3_REGION} (else {@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
     * us-east-1), {@code INKWELL_S3_PATH_STYLE} (default: true when an endpoint is set), {@code INKWELL_S3_ACCESS_KEY}
     * and {@code INKWELL_S3_SECRET_KEY} (else the AWS credential chain), {@code INKWELL_S3_PART_SIZE} (bytes).
     */
    public static S3Settings fromEnvironment(Map<String, String> env) {
        URI endpoint = blank(env.get("INKWELL_S3_ENDPOINT")) ? null : uri(env.get("INKWELL_S3_ENDPOINT"));
        String region = firstSet(env.get("INKWELL_S3_REGION"), env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"), DEFAULT_REGION);
        boolean pathStyle = blank(env.get("INKWELL_S3_PATH_STYLE")) ? endpoint != null : bool("INKWELL_S3_PATH_STYLE", env.get("INKWELL_S3_PATH_STYLE"));
        String access = blank(env.get("INKWELL_S3_ACCESS_KEY")) ? null : env.get("INKWELL_S3_ACCESS_KEY");
        String secret = blank(env.get("INKWELL_S3_SECRET_KEY")) ? null : env.get("INKWELL_S3_SECRET_KEY");
        long partSize = blank(env.get("INKWELL_S3_PART_SIZE")) ? DEFAULT_PART_SIZE : number("INKWELL_S3_PART_SIZE", env.get("INKWELL_S3_PART_SIZE"));
        return new S3Settings(endpoint, region, pathStyle, access, secret, partSize);
    }

    /**
     * These settings changed by an {@code s3://} location's query: {@code s3://?endpoint=URL&region=R&path-style=true}.
     * The location names no bucket: every Inkwell bucket is the S3 bucket of its name.
     */
    public S3Settings withLocation(String location) {
        InputLocation where = InputLocation.file(Texts.abbreviate(location, 200));
        String lower = location.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("s3://")) throw new InvalidInputException(where, "an S3 location starts with s3://");
        String rest = location.substring(5);
        int q = rest.indexOf('?');
        String authority = q < 0 ? rest : rest.substring(0, q);
        if (!authority.isEmpty() && !authority.equals("/")) {
            throw new InvalidInputException(where, "s3:// takes no bucket or host: every Inkwell bucket is the S3 bucket of its name"
                    + " (the endpoint comes from INKWELL_S3_ENDPOINT or s3://?endpoint=URL)");
        }
        S3Settings s = this;
        if (q < 0) return s;
        for (String pair : rest.substring(q + 1).split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value;
            try {
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(where, "bad %-escape in " + Texts.abbreviate(name, 30));
            }
            s = switch (name) {
                case "endpoint" -> new S3Settings(uri(value), s.region, true, s.accessKey, s.secretKey, s.partSize);
                case "region" -> new S3Settings(s.endpoint, value, s.pathStyle, s.accessKey, s.secretKey, s.partSize);
                case "path-style" -> new S3Settings(s.endpoint, s.region, bool("path-style", value), s.accessKey, s.secretKey, s.partSize);
                case "part-size" -> new S3Settings(s.endpoint, s.region, s.pathStyle, s.accessKey, s.secretKey, number("part-size", value));
                default -> throw new InvalidInputException(where, "unknown setting " + Texts.abbreviate(name, 30)
                        + " (endpoint, region, path-style, part-size; credentials come from the environment)");
            };
        }
        return s;
    }

    public S3Settings withCredentials(String access, String secret) {
        return new S3Settings(endpoint, region, pathStyle, access, secret, partSize);
    }

    public S3Settings withPartSize(long bytes) {
        return new S3Settings(endpoint, region, pathStyle, accessKey, secretKey, bytes);
    }

    public S3Settings withRegion(String r) {
        return new S3Settings(endpoint, r, pathStyle, accessKey, secretKey, partSize);
    }

    /** For messages: the store and region, never the keys. */
    public String describe() {
        return "s3 " + (endpoint == null ? "AWS" : endpoint.toString()) + " (" + region + (pathStyle ? ", path-style" : "") + ")";
    }

    @Override
    public String toString() {
        return describe() + (accessKey == null ? ", credential chain" : ", access key " + accessKey);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String firstSet(String... values) {
        for (String v : values) if (!blank(v)) return v.strip();
        return null;
    }

    private static URI uri(String s) {
        try {
            return new URI(s.strip());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(WHERE, "the endpoint " + Texts.abbreviate(s, 100) + " is not a URL");
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new InvalidInputException(WHERE, name + " must be true or false, not " + Texts.abbreviate(value, 20));
        };
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(WHERE, name + " must be a number of bytes, not " + Texts.abbreviate(value, 20));
        }
    }
}
