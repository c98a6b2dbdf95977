package dev.inkwell.server.input;

import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Texts;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.serving.input.BodyInputs;
import dev.inkwell.serving.input.PixelShape;
import dev.inkwell.serving.input.PredictInput;
import dev.inkwell.serving.input.PredictRequest;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP side of reading a prediction request: multipart forms, and bodies read with a hard cap (so a huge upload
 * costs at most the cap) before {@link BodyInputs} reads them by their Content-Type.
 */
public final class RequestInputs {
    private RequestInputs() {
    }

    public static PredictRequest read(Context ctx, PixelShape shape, ServingConfig.Limits limits) {
        String type = BodyInputs.mediaType(ctx.contentType());
        if (type.equals("multipart/form-data")) return multipart(ctx, limits);
        if (!BodyInputs.supported(type)) {
            throw HttpProblem.unsupportedType("Content-Type " + type + " is not supported: send an image (image/png, "
                    + "image/jpeg, image/gif, image/bmp, application/x-image), multipart/form-data, application/json or text/csv");
        }
        return BodyInputs.parse(body(ctx, limits.maxBodyBytes()), type, shape, limits);
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
            throw new InvalidInputException("the request body could not be read: " + e.getMessage());
        }
    }

    private static InputTooLargeException tooLarge(long declared, long max) {
        return new InputTooLargeException("the body is " + (declared >= 0 ? declared + " bytes" : "larger than the limit")
                + ": at most " + max + " bytes are accepted");
    }

    private static PredictRequest multipart(Context ctx, ServingConfig.Limits limits) {
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
            throw new InputTooLargeException("the form holds " + files.size() + " files; at most " + limits.maxBatchItems() + " are allowed");
        }
        List<PredictInput> inputs = new ArrayList<>(files.size());
        for (UploadedFile file : files) {
            try (InputStream in = file.content()) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBodyBytes() + 1));
                if (bytes.length > limits.maxBodyBytes()) throw tooLarge(-1, limits.maxBodyBytes());
                String origin = "file '" + Texts.abbreviate(file.filename(), 20) + "'";
                if (bytes.length == 0) throw new InvalidInputException(InputLocation.file(origin), "the file is empty");
                inputs.add(new PredictInput.EncodedImage(bytes, origin));
            } catch (IOException e) {
                throw new InvalidInputException("a multipart file could not be read: " + e.getMessage());
            }
        }
        return new PredictRequest(inputs, inputs.size() > 1);
    }

    /** Jetty reports size caps and malformed forms as plain exceptions; name them for the client. */
    private static InvalidInputException multipartProblem(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("exceeds max")) return new InputTooLargeException("the multipart form is too large: " + m);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return new InvalidInputException("the multipart form is malformed: " + root.getMessage());
    }
}
