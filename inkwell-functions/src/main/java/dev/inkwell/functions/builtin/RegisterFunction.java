package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import dev.inkwell.functions.ObjectEvent;
import java.util.Locale;
import java.util.Set;

/**
 * Seed 001's model upload: an {@code .onnx} put into the watched prefix becomes the model of the endpoint the trigger
 * names (through the {@link ModelDeployer}: for now the endpoint's file is replaced and reloaded; with the model
 * registry, a registered version). Event: {@code {"bucket", "key", "endpoint"}}.
 */
public final class RegisterFunction implements Function {
    public static final String NAME = "register";
    private static final Set<String> OPTIONS = Set.of("endpoint", "output_prefix");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "make an uploaded .onnx the model of an endpoint (seed 001's model upload)";
    }

    @Override
    public boolean takesObjectEvents() {
        return true;
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        Options.only(name(), options, OPTIONS);
        EventFields.requiredText(options, "endpoint");
        ClassifyFunction.endpoint(options);
        EventFields.prefix(options, "output_prefix", ClassifyFunction.DEFAULT_PREFIX);
        return options;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        ObjectEvent object = ObjectEvent.of(event);
        EventFields.requiredText(event, "endpoint");
        String endpoint = ClassifyFunction.endpoint(event);
        if (!object.key().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            throw new InvalidInputException(InputLocation.file(object.uri()), "not an .onnx file: register takes ONNX models");
        }
        var env = invocation.environment();
        return env.deployer().deploy(new ModelDeployer.ModelUpload(env.buckets().bucket(object.bucket()), object.key(), object.eTag(),
                endpoint, invocation.origin()));
    }
}
