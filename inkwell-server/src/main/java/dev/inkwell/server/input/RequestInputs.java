package dev.inkwell.server.input;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.server.ServerConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a prediction request into inputs by its Content-Type: a raw image body, multipart files, JSON, or CSV.
 * A missing or form/plain type (curl's {@code -d} default) is sniffed from the first byte. Bodies are read
 * with a hard cap so a huge upload costs at most the cap.
 */
public final class RequestInputs {
    public static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/x-png", "image/jpeg", "image/jpg", "image/pjpeg",
            "image/gif", "image/bmp", "image/x-bmp", "image/x-ms-bmp", "image/webp", "image/tiff", "application/x-image",
            "application/octet-stream");
    public static final Set<String> JSON_TYPES = Set.of("application/json", "text/json", "application/jsonlines");
    public static final Set<String> CSV_TYPES = Set.of("text/csv", "application/csv");
    private static final Set<String> SNIFFED_TYPES = Set.of("", "application/x-www-form-urlencoded", "text/plain");

    private RequestInputs() {
    }

    public static PredictRequest read(Context ctx, PixelShape shape, ServerConfig.Limits limits) {
        String type = mediaType(ctx.contentType());
        if (type.equals("multipart/form-data")) return multipart(ctx, limits);
        if (!IMAGE_TYPES.contains(type) && !JSON_TYPES.contains(type) && !CSV_TYPES.contains(type)
                && !SNIFFED_TYPES.contains(type) && !type.endsWith("+json")) {
            throw HttpProblem.unsupportedType("Content-Type " + type + " is not supported: send an image (image/png, "
                    + "image/jpeg, image/gif, image/bmp, application/x-image), multipart/form-data, application/json or text/csv");
        }
        byte[] body = body(ctx, limits.maxBodyBytes());
        if (SNIFFED_TYPES.contains(type)) type = sniff(body);
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

    /** Reads the whole body, refusing (413) anything over {@code max} bytes before or while reading it. */
    public static byte[] body(Context ctx, long max) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) throw tooLarge(declared, max);
        try (InputStream in = ctx.req().getInputStream()) {
            // one exact allocation; Jetty reports a body shorter than its Content-Length as an EofException (below)
            if (declared >= 0) return in.readNBytes((int) declared);
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) throw tooLarge(-1, max);
            return bytes;
        } catch (IOException e) {
            throw HttpProblem.badRequest("the request body could not be read: " + e.getMessage());
        }
    }

    private static HttpProblem tooLarge(long declared, long max) {
        return HttpProblem.tooLarge("the body is " + (declared >= 0 ? declared + " bytes" : "larger than the limit")
                + ": at most " + max + " bytes are accepted");
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

    private static PredictRequest multipart(Context ctx, ServerConfig.Limits limits) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limits.maxBodyBytes()) throw tooLarge(declared, limits.maxBodyBytes());
        List<UploadedFile> files;
        try {
            files = ctx.uploadedFiles();
        } catch (Exception e) { // Jetty's parser throws IOException undeclared (through Kotlin)
            throw multipartProblem(e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException(InputLocation.file("request body"), "the multipart form holds no file: "
                    + "send the image as a file part (curl -F image=@digit.png)");
        }
        if (files.size() > limits.maxBatchItems()) {
            throw HttpProblem.tooLarge("the form holds " + files.size() + " files; at most " + limits.maxBatchItems() + " are allowed");
        }
        List<PredictInput> inputs = new ArrayList<>(files.size());
        for (UploadedFile file : files) {
            try (InputStream in = file.content()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBodyBytes() + 1));
                if (bytes.length > limits.maxBodyBytes()) throw tooLarge(-1, limits.maxBodyBytes());
                String origin = "file '" + PixelValues.abbreviate(file.filename()) + "'";
                if (bytes.length == 0) throw new InvalidInputException(InputLocation.file(origin), "the file is empty");
                inputs.add(new PredictInput.EncodedImage(bytes, origin));
            } catch (IOException e) {
                throw HttpProblem.badRequest("a multipart file could not be read: " + e.getMessage());
            }
        }
        return new PredictRequest(inputs, inputs.size() > 1);
    }

    /** Jetty reports size caps and malformed forms as plain exceptions; name them for the client. */
    private static HttpProblem multipartProblem(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("exceeds max")) return HttpProblem.tooLarge("the multipart form is too large: " + m);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return HttpProblem.badRequest("the multipart form is malformed: " + root.getMessage());
    }
}
