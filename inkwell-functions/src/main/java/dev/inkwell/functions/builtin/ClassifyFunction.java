package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Bucket;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.FunctionOutputs;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectEvent;
import dev.inkwell.recognition.RecognitionJson;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Seed 001's Lambda: reads the picture at {@code bucket/key} with an endpoint's model and writes beside it, under
 * {@code output_prefix} ({@code results/} by default), {@code KEY.txt} in seed 001's format ({@link SeedResults}) and
 * {@code KEY.json}, the server's prediction JSON. A stale {@code KEY.error.json} from an earlier version is removed.
 * Event: {@code {"bucket", "key", "endpoint"?, "output_prefix"?}}.
 *
 * <p>Given seed 003's shape instead ({@code {"statusCode", "body": {"image_data": BASE64, "s3_bucket", "s3_key", …}}},
 * what its {@code serializeImageData} answers), it is seed 003's second Lambda: the picture in {@code image_data} is
 * read and the answer is the same shape with {@code body.inferences}, the model's class probabilities in class order.
 */
public final class ClassifyFunction implements Function {
    public static final String NAME = "classify";
    static final String DEFAULT_PREFIX = "results/";
    private static final Set<String> OPTIONS = Set.of("endpoint", "output_prefix");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "read the picture at bucket/key with an endpoint's model; write results/KEY.txt (seed 001's format) and results/KEY.json";
    }

    @Override
    public boolean takesObjectEvents() {
        return true;
    }

    @Override
    public boolean readsObjectWhole() {
        return true;
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        Options.only(name(), options, OPTIONS);
        endpoint(options);
        EventFields.prefix(options, "output_prefix", DEFAULT_PREFIX);
        return options;
    }

    static String endpoint(JsonNode event) {
        String endpoint = EventFields.text(event, "endpoint", EndpointSpec.DEFAULT);
        if (!endpoint.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new InvalidInputException(InputLocation.file("event field endpoint"), "not an endpoint name (1-64 letters, digits, '.', '_' or '-')");
        }
        return endpoint;
    }

    /** Where a result for {@code key} goes. */
    public static String resultKey(String prefix, String key, String extension) {
        return prefix + key + extension;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        if (Seed003.isResult(event)) return inferences(event, invocation);
        ObjectEvent object = ObjectEvent.of(event);
        String endpoint = endpoint(event);
        String prefix = EventFields.prefix(event, "output_prefix", DEFAULT_PREFIX);
        var env = invocation.environment();
        Bucket bucket = env.buckets().bucket(object.bucket());
        ObjectReads.Whole picture = ObjectReads.read(bucket, object.key(), env.limits().maxBodyBytes(), invocation);
        long started = System.nanoTime();
        Recognizers.Reading reading = env.recognizers().read(endpoint, picture.bytes(), object.uri());
        Map<String, Double> timing = new LinkedHashMap<>();
        timing.put("total_ms", RecognitionJson.round((System.nanoTime() - started) / 1e6));
        RecognitionJson prediction = RecognitionJson.of(reading.endpoint(), reading.card(), reading.recognition(), RecognitionJson.Debug.NONE, timing);
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(prediction);
        } catch (JsonProcessingException e) {
            throw new FunctionFailure(FunctionFailure.INTERNAL, "cannot write the prediction as JSON: " + e.getOriginalMessage(), true);
        }
        String text = SeedResults.text(reading.card(), reading.recognition());
        String txtKey = resultKey(prefix, object.key(), ".txt");
        String jsonKey = resultKey(prefix, object.key(), ".json");
        FunctionOutputs.put(bucket, txtKey, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", invocation.origin());
        FunctionOutputs.put(bucket, jsonKey, json, "application/json", invocation.origin());
        FunctionOutputs.delete(bucket, resultKey(prefix, object.key(), ".error.json"), invocation.origin());

        ObjectNode answer = Json.mapper().createObjectNode();
        answer.put("bucket", object.bucket());
        answer.put("key", object.key());
        answer.put("etag", picture.eTag());
        answer.put("endpoint", reading.endpoint());
        answer.put("label", prediction.label());
        answer.put("probability", prediction.probability());
        answer.put("number", prediction.number());
        answer.putArray("results").add(txtKey).add(jsonKey);
        return answer;
    }

    /** Seed 003's {@code imageClassifier}: the base64 picture in {@code body.image_data} read by the endpoint. */
    private static JsonNode inferences(JsonNode event, Invocation invocation) {
        ObjectNode body = Seed003.body(event);
        String encoded = Seed003.text(body, "image_data", "body.image_data");
        String bucket = body.path("s3_bucket").asText("");
        String key = body.path("s3_key").asText("");
        long max = invocation.environment().limits().maxBodyBytes();
        if (encoded.length() > max / 3 * 4 + 4) {
            throw new InputTooLargeException(InputLocation.file("event field body.image_data"), "more than " + max + " bytes once decoded");
        }
        byte[] picture;
        try {
            picture = Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputLocation.file("event field body.image_data"), "not base64: " + e.getMessage());
        }
        if (picture.length == 0) throw new InvalidInputException(InputLocation.file("event field body.image_data"), "empty: no picture to read");
        Recognizers.Reading reading = invocation.environment().recognizers().read(endpoint(event), picture,
                bucket.isEmpty() ? "image_data" : "s3://" + bucket + "/" + key);
        ArrayNode inferences = Json.mapper().createArrayNode();
        for (float p : reading.recognition().primary().classification().probabilities()) inferences.add(p);
        return Seed003.result(encoded, bucket, key, inferences);
    }
}
