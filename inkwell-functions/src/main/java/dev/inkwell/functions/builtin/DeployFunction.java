package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.RegistryNames;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.EndpointRevision;
import java.util.Optional;
import java.util.Set;

/**
 * A deploy step for workflows: points {@code alias} (default {@value #DEFAULT_ALIAS}) of registered model
 * {@code model} at {@code version} (default the newest), and, with {@code endpoint}, makes that endpoint follow
 * {@code model@alias} (created when missing; an endpoint already following it is left as it is). Every replica
 * sharing the store moves to it without downtime. Event: {@code {"model", "version"?, "alias"?, "endpoint"?}}.
 * Doing it twice changes nothing more.
 */
public final class DeployFunction implements Function {
    public static final String NAME = "deploy";
    static final String DEFAULT_ALIAS = "champion";
    private static final Set<String> OPTIONS = Set.of("model", "version", "alias", "endpoint");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "move a registered model's alias to a version and make an endpoint follow it";
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        Options.only(name(), options, OPTIONS);
        return options;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        String model = named(event, "model", true);
        String alias = named(event, "alias", false);
        if (alias == null) alias = DEFAULT_ALIAS;
        String endpoint = named(event, "endpoint", false);
        JsonNode v = event.get("version");
        if (v != null && !v.isNull() && !v.canConvertToInt()) {
            throw new InvalidInputException(InputLocation.file("event field version"), "expected a version number");
        }
        var env = invocation.environment();
        ModelRegistry registry = ModelRegistry.open(env.store(), env.buckets());
        int version = v == null || v.isNull() ? registry.model(model).latest().version() : v.intValue();
        ModelVersion moved = registry.moveAlias(model, alias, version);
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("model", model);
        out.put("alias", alias);
        out.put("version", moved.version());
        if (endpoint != null) {
            ModelRef follow = new ModelRef.RegistryAlias(model, alias);
            Optional<EndpointRevision> current = registry.endpoints().find(endpoint);
            boolean follows = current.isPresent() && current.get().definition().variants().stream().anyMatch(x -> follow.equals(x.ref()));
            EndpointRevision rev = follows ? current.get()
                    : current.isPresent() ? registry.endpoints().update(EndpointDefinition.single(endpoint, follow.toString())
                            .withCapture(current.get().definition().capture()))
                    : registry.endpoints().create(EndpointDefinition.single(endpoint, follow.toString()));
            out.put("endpoint", endpoint);
            out.put("revision", rev.revision());
        }
        return out;
    }

    private static String named(JsonNode event, String field, boolean required) {
        String value = required ? EventFields.requiredText(event, field) : EventFields.text(event, field, null);
        if (value == null) return null;
        try {
            return switch (field) {
                case "model" -> RegistryNames.model(value);
                case "alias" -> RegistryNames.alias(value);
                default -> RegistryNames.endpoint(value);
            };
        } catch (InvalidInputException e) {
            throw new InvalidInputException(InputLocation.file("event field " + field), e.problem(), e);
        }
    }
}
