package dev.inkwell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The vendored strict Kubernetes schemas (deploy/kubernetes/schemas/kubernetes-strict.json, see its generate.py),
 * checked with networknt's JSON Schema validator: unknown fields and wrong types are errors.
 */
final class KubernetesSchemas {
    private final ObjectNode document;
    private final Map<String, JsonSchema> byKind = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

    KubernetesSchemas(Path file) {
        try {
            document = (ObjectNode) new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of one object, as "$.spec.x: message" lines; empty when it is valid. */
    List<String> validate(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        if (!document.path("kinds").has(key)) return List.of("$: no schema for " + key + " (apiVersion/kind misspelt, or not vendored)");
        JsonSchema schema = byKind.computeIfAbsent(key, this::schema);
        return schema.validate(object).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    private JsonSchema schema(String key) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.set("definitions", document.get("definitions"));
        root.putArray("allOf").addObject().put("$ref", "#/definitions/" + document.path("kinds").path(key).asText());
        root.putArray("required").add("apiVersion").add("kind").add("metadata");
        ObjectNode metadata = root.putObject("properties").putObject("metadata");
        metadata.putArray("required").add("name");
        return factory.getSchema(root);
    }
}
