package dev.inkwell.serving.input;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.serving.ServingConfig;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a request body into inputs by its media type — an image, JSON or CSV — whoever received it (an HTTP route, a
 * bucket trigger reading an object, a workflow task). A missing or form/plain type (curl's {@code -d} default) is
 * sniffed from the first byte that is not white space.
 */
public final class BodyInputs {
    public static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/x-png", "image/jpeg", "image/jpg", "image/pjpeg",
            "image/gif", "image/bmp", "image/x-bmp", "image/x-ms-bmp", "image/webp", "image/tiff", "application/x-image",
            "application/octet-stream");
    public static final Set<String> JSON_TYPES = Set.of("application/json", "text/json", "application/jsonlines");
    public static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv");
    /** Types that say nothing about the body: its first byte decides. */
    public static final Set<String> SNIFFED_TYPES = Set.of("", "application/x-www-form-urlencoded", "text/plain");

    private BodyInputs() {
    }

    /** Whether a body of {@code mediaType} (without parameters, lower case) can be read. */
    public static boolean supported(String mediaType) {
        return IMAGE_TYPES.contains(mediaType) || JSON_TYPES.contains(mediaType) || CSV_TYPES.contains(mediaType)
                || SNIFFED_TYPES.contains(mediaType) || mediaType.endsWith("+json");
    }

    /** The inputs in {@code body}; {@code mediaType} as {@link #mediaType} returns it. */
    public static PredictRequest parse(byte[] body, String mediaType, PixelShape shape, ServingConfig.Limits limits) {
        String type = SNIFFED_TYPES.contains(mediaType) ? sniff(body) : mediaType;
        if (JSON_TYPES.contains(type) || type.endsWith("+json")) return JsonInputs.parse(body, shape, limits.maxBatchItems());
        if (CSV_TYPES.contains(type)) return CsvInputs.parse(body, shape, limits.maxBatchItems());
        if (body.length == 0) throw new InvalidInputException(InputLocation.file("request body"), "the body is empty: expected an image");
        return PredictRequest.single(new PredictInput.EncodedImage(body, "body"));
    }

    /** The media type without parameters, lower case; "" when absent. */
    public static String mediaType(String contentType) {
        if (contentType == null) return "";
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static String sniff(byte[] body) {
        for (byte b : body) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') continue;
            if (b == '{' || b == '[') return "application/json";
            if ((b >= '0' && b <= '9') || b == '"' || b == 'p' || b == 'l') return "text/csv";
            return "application/octet-stream";
        }
        return "application/octet-stream";
    }
}
