package dev.inkwell.serving.input;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.dataset.KaggleColumns;
import dev.inkwell.image.GrayImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON bodies the seed clients send: {@code {"image": b64}}, {@code {"image_data": b64, …}} (also inside a
 * Step Functions {@code {"body": {…}}}), {@code {"data": url}}, a Kaggle {@code {"pixel0": v, …}} dict,
 * {@code {"pixels": [...]}} (flat or rows), and batches as a top-level array or {@code {"instances": [...]}}.
 */
public final class JsonInputs {
    private static final String FILE = "request body";
    /** The common configuration with a request body's tighter limits. */
    private static final ObjectMapper MAPPER = Json.builder(
            StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(64).build()).build();

    private JsonInputs() {
    }

    public static PredictRequest parse(byte[] body, PixelShape shape, int maxItems) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            InputLocation where = at == null ? InputLocation.file(FILE)
                    : InputLocation.line(FILE, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0));
            throw new InvalidInputException(where, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidInputException(InputLocation.file(FILE), "cannot read JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) throw new InvalidInputException(InputLocation.file(FILE), "body is empty: expected JSON");
        if (root.isArray()) return parseArray(root, shape, maxItems);
        if (root.isObject() && root.has("instances") && root.get("instances").isArray()) {
            return parseArray(root.get("instances"), shape, maxItems);
        }
        return PredictRequest.single(one(root, "$", -1, shape));
    }

    private static PredictRequest parseArray(JsonNode array, PixelShape shape, int maxItems) {
        if (array.isEmpty()) throw new InvalidInputException(InputLocation.file(FILE), "the batch is empty");
        if (allNumbers(array)) return PredictRequest.single(pixels(array, "$", -1, shape));
        if (array.size() > maxItems) {
            throw new InputTooLargeException("the batch holds " + array.size() + " inputs; at most " + maxItems + " are allowed");
        }
        List<PredictInput> inputs = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) inputs.add(one(array.get(i), "$[" + i + "]", i, shape));
        return new PredictRequest(inputs, true);
    }

    private static PredictInput one(JsonNode node, String path, int record, PixelShape shape) {
        InputLocation where = new InputLocation(FILE, 0, 0, record);
        if (node.isTextual()) return new PredictInput.EncodedImage(Base64Images.decode(node.asText(), where, path), path);
        if (node.isArray()) return pixels(node, path, record, shape);
        if (!node.isObject()) {
            throw new InvalidInputException(where, path + " is " + node.getNodeType().name().toLowerCase()
                    + ": expected an object such as {\"image\": \"<base64>\"} or {\"pixels\": [...]}");
        }
        for (String field : List.of("image", "image_data", "b64", "image_base64")) {
            JsonNode v = node.get(field);
            if (v != null) {
                if (!v.isTextual()) throw new InvalidInputException(where, path + "." + field + " must be a base64 string");
                return new PredictInput.EncodedImage(Base64Images.decode(v.asText(), where, path + "." + field), path);
            }
        }
        JsonNode data = node.get("data");
        if (data != null) {
            if (data.isTextual()) {
                String text = data.asText().strip();
                if (text.startsWith("data:")) {
                    return new PredictInput.EncodedImage(Base64Images.decode(text, where, path + ".data"), path);
                }
                return new PredictInput.ImageUrl(text, path + ".data");
            }
            if (data.isArray()) return pixels(data, path + ".data", record, shape);
            throw new InvalidInputException(where, path + ".data must be an image URL (https://…)");
        }
        JsonNode pixels = node.get("pixels");
        if (pixels != null) return pixels(pixels, path + ".pixels", record, shape);
        if (node.has("pixel0")) return kaggle(node, path, record, shape);
        JsonNode body = node.get("body");
        if (body != null && body.isObject()) return one(body, path + ".body", record, shape);
        throw new InvalidInputException(where, path + " has none of image, image_data, data, pixels or pixel0…pixel"
                + (shape.count() - 1) + " (found: " + fieldNames(node) + ")");
    }

    private static PredictInput pixels(JsonNode array, String path, int record, PixelShape shape) {
        InputLocation where = new InputLocation(FILE, 0, 0, record);
        if (!array.isArray()) throw new InvalidInputException(where, path + " must be an array of " + shape.count() + " numbers");
        float[] values = new float[shape.count()];
        if (array.size() == shape.height() && array.get(0) != null && array.get(0).isArray()) {
            for (int y = 0; y < shape.height(); y++) {
                JsonNode row = array.get(y);
                if (!row.isArray() || row.size() != shape.width()) {
                    throw new InvalidInputException(where, path + "[" + y + "] must be a row of " + shape.width() + " numbers");
                }
                for (int x = 0; x < shape.width(); x++) {
                    values[y * shape.width() + x] = number(row.get(x), where, path + "[" + y + "][" + x + "]");
                }
            }
        } else {
            if (array.size() != shape.count()) {
                throw new InvalidInputException(where, path + " holds " + array.size() + " values: expected "
                        + shape.count() + " (" + shape.width() + "×" + shape.height() + ", row by row)");
            }
            for (int i = 0; i < values.length; i++) values[i] = number(array.get(i), where, path + "[" + i + "]");
        }
        return new PredictInput.ModelPixels(new GrayImage(shape.width(), shape.height(), values), path);
    }

    private static PredictInput kaggle(JsonNode node, String path, int record, PixelShape shape) {
        InputLocation where = new InputLocation(FILE, 0, 0, record);
        float[] values = new float[shape.count()];
        boolean[] seen = new boolean[shape.count()];
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (KaggleColumns.isExtra(key)) continue;
            int index = KaggleColumns.pixelIndex(key);
            if (index < 0 || index >= values.length) {
                throw new InvalidInputException(where, path + " has unexpected key '" + PixelValues.abbreviate(key)
                        + "': expected pixel0…pixel" + (values.length - 1));
            }
            values[index] = number(e.getValue(), where, path + "." + key);
            seen[index] = true;
        }
        for (int i = 0; i < seen.length; i++) {
            if (!seen[i]) throw new InvalidInputException(where, path + " lacks pixel" + i + " (expected pixel0…pixel" + (values.length - 1) + ")");
        }
        return new PredictInput.ModelPixels(new GrayImage(shape.width(), shape.height(), values), path);
    }

    private static float number(JsonNode v, InputLocation where, String path) {
        if (v != null && v.isNumber()) return PixelValues.check(v.doubleValue(), where, path);
        if (v != null && v.isTextual()) return PixelValues.parse(v.asText(), where, path);
        throw new InvalidInputException(where, path + " is " + (v == null ? "missing" : v.getNodeType().name().toLowerCase())
                + ": expected a number from 0 to 255");
    }

    private static boolean allNumbers(JsonNode array) {
        for (JsonNode n : array) if (!n.isNumber()) return false;
        return true;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> {
            if (names.size() < 5) names.add(PixelValues.abbreviate(n));
        });
        return names.isEmpty() ? "nothing" : String.join(", ", names) + (node.size() > 5 ? ", …" : "");
    }
}
