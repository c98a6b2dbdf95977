package dev.inkwell.registry.endpoint;

import dev.inkwell.core.InvalidInputException;

/**
 * Traffic capture of an endpoint: the share of requests recorded (0 turns it off) and where the records go,
 * {@code s3://BUCKET/PREFIX} in Inkwell's buckets (default bucket {@code captures}).
 */
public record CaptureSettings(double percent, String destination) {
    public static final String DEFAULT_DESTINATION = "s3://captures/";
    public static final CaptureSettings OFF = new CaptureSettings(0, DEFAULT_DESTINATION);

    public CaptureSettings {
        if (!(percent >= 0 && percent <= 100)) throw new InvalidInputException("capture " + percent + " %: expected 0 to 100");
        destination = destination == null || destination.isBlank() ? DEFAULT_DESTINATION : destination.strip();
        if (!destination.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s]*)?")) {
            throw new InvalidInputException("capture destination '" + destination + "': expected s3://BUCKET/PREFIX");
        }
    }

    public boolean enabled() {
        return percent > 0;
    }

    public String bucket() {
        String rest = destination.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The key prefix, empty or ending with '/'. */
    public String prefix() {
        String rest = destination.substring("s3://".length());
        int slash = rest.indexOf('/');
        String p = slash < 0 ? "" : rest.substring(slash + 1);
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }
}
