package dev.inkwell.functions.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.Progress;
import dev.inkwell.evaluation.Evaluation;
import dev.inkwell.evaluation.ModelEvaluator;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.InvalidModelRefException;
import dev.inkwell.model.ModelFiles;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelRegistry;
import java.util.Set;

/**
 * Evaluates a model (any reference: {@code mnist}, {@code NAME@ALIAS}, {@code NAME:VERSION}, a path) on a samples
 * table's split (default {@code test}), as {@code inkwell evaluate} does; answers accuracy, macro F1, count and errors,
 * so a workflow's Choice state can gate a deploy on them. Event: {@code {"model", "table", "split"?, "limit"?}}.
 */
public final class EvaluateFunction implements Function {
    public static final String NAME = "evaluate";
    private static final Set<String> OPTIONS = Set.of("model", "table", "split", "limit");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "evaluate a model on a samples table's split: accuracy, macro F1, count";
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        Options.only(name(), options, OPTIONS);
        return options;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        String modelText = EventFields.requiredText(event, "model");
        String table = EventFields.requiredText(event, "table");
        String split = EventFields.text(event, "split", "test");
        JsonNode limitNode = event.get("limit");
        if (limitNode != null && (!limitNode.canConvertToInt() || limitNode.intValue() < 0)) {
            throw new InvalidInputException(InputLocation.file("event field limit"), "expected a count of images (0: all)");
        }
        int limit = limitNode == null ? 0 : limitNode.intValue();
        ModelRef ref;
        try {
            ref = ModelRef.parse(modelText);
        } catch (InvalidModelRefException e) {
            throw new InvalidInputException(InputLocation.file("event field model"), e.getMessage(), e);
        }
        var env = invocation.environment();
        ModelRegistry registry = ModelRegistry.open(env.store(), env.buckets());
        ModelFiles files = registry.resolvers().resolve(ref);
        var data = env.store().table(table).dataset().split(split);
        try (OnnxImageClassifier model = OnnxImageClassifier.load(files, 1)) {
            Evaluation e = ModelEvaluator.evaluate(model, data, limit, Progress.NONE).evaluation();
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("model", ref.toString());
            out.put("card", model.card().name());
            out.put("table", table);
            out.put("split", split);
            out.put("count", e.count());
            out.put("errors", e.errors());
            out.put("accuracy", e.accuracy());
            out.put("macro_f1", e.macroF1());
            return out;
        }
    }
}
