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
import dev.inkwell.registry.RegistryNames;
import java.util.Locale;
import java.util.Set;

/**
 * Seed 001's model upload: an {@code .onnx} put into the watched prefix becomes the model of the endpoint the trigger
 * names (through the {@link ModelDeployer}: a registered version the endpoint follows). Event:
 * {@code {"bucket", "key", "endpoint", "model"?, "alias"?}}.
 */
public final class RegisterFunction implements Function {
    public static final String NAME = "register";
    private static final Set<String> OPTIONS = Set.of("endpoint", "model", "alias", "output_prefix");

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
        names(options);
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
        String[] names = names(event);
        return env.deployer().deploy(new ModelDeployer.ModelUpload(env.buckets().bucket(object.bucket()), object.key(), object.eTag(),
                endpoint, names[0], names[1], invocation.origin()));
    }

    /** The optional model and alias names, checked as the registry spells them. */
    private static String[] names(JsonNode event) {
        String model = EventFields.text(event, "model", null);
        String alias = EventFields.text(event, "alias", null);
        if (model != null) checked("model", () -> RegistryNames.model(model));
        if (alias != null) checked("alias", () -> RegistryNames.alias(alias));
        return new String[] {model, alias};
    }

    private static void checked(String field, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(InputLocation.file("event field " + field), e.problem(), e);
        }
    }
}
