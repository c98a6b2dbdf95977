package dev.inkwell.server.triggers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Texts;
import dev.inkwell.server.HttpProblem;
import dev.inkwell.server.input.RequestInputs;
import dev.inkwell.serving.input.BodyInputs;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/** JSON request bodies of the management routes: capped, strict (no duplicate fields, shallow), an object. */
public final class JsonBodies {
    public static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper STRICT = Json.builder(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength((int) MAX_BYTES).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final InputLocation BODY = InputLocation.file("request body");

    private JsonBodies() {
    }

    public static JsonNode object(Context ctx) {
        String type = BodyInputs.mediaType(ctx.contentType());
        if (!type.isEmpty() && !type.equals("application/json") && !type.endsWith("+json")) {
            throw HttpProblem.unsupportedType("Content-Type '" + Texts.abbreviate(type, 60) + "': send application/json");
        }
        byte[] body = RequestInputs.body(ctx, MAX_BYTES);
        if (body.length == 0) throw new InvalidInputException(BODY, "empty: send a JSON object");
        JsonNode node = parse(body, "request body");
        if (node == null || !node.isObject()) throw new InvalidInputException(BODY, "expected a JSON object");
        return node;
    }

    /** One JSON document, strictly (no duplicate fields, at most 64 deep); errors name {@code what}, line and column. */
    public static JsonNode parse(byte[] text, String what) {
        InputLocation whole = InputLocation.file(what);
        try (JsonParser parser = STRICT.createParser(text)) {
            JsonNode node = STRICT.readTree(parser);
            if (parser.nextToken() != null) throw new InvalidInputException(whole, "more than one JSON document");
            if (node == null || node.isMissingNode()) throw new InvalidInputException(whole, "empty: expected JSON");
            return node;
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            InputLocation where = at == null ? whole : InputLocation.line(what, at.getLineNr(), at.getColumnNr());
            String message = String.valueOf(e.getOriginalMessage());
            if (message.startsWith("Trailing token")) throw new InvalidInputException(where, "more than one JSON document");
            throw new InvalidInputException(where, "not valid JSON: " + Texts.abbreviate(message, 200));
        } catch (IOException e) {
            throw new InvalidInputException(whole, "unreadable: " + e.getMessage());
        }
    }

    /** Refuses fields other than {@code known}, so a typo never passes as a default. */
    public static void only(JsonNode body, Set<String> known) {
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new InvalidInputException(InputLocation.file("request body, field " + Texts.abbreviate(f, 40)),
                        "unknown field (expected " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        });
    }

    public static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) throw new InvalidInputException(InputLocation.file("request body, field " + field), "missing");
            return null;
        }
        if (!v.isTextual()) throw new InvalidInputException(InputLocation.file("request body, field " + field), "expected a string");
        return v.textValue();
    }
}
