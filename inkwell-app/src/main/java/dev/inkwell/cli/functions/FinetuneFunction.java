package dev.inkwell.cli.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.cli.VersionProvider;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.functions.EventFields;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.FunctionFailure;
import dev.inkwell.functions.Invocation;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.model.InvalidModelRefException;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.train.FineTuneRequest;
import dev.inkwell.train.FineTuneResult;
import dev.inkwell.train.FineTuning;
import java.nio.file.Path;
import java.util.Set;

/**
 * Fine-tunes a model (any reference, {@code NAME@ALIAS} included) on a samples table, with replay of another table
 * against forgetting, as {@code inkwell finetune} does; with {@code register} the result becomes a registered version.
 * Event: {@code {"base", "table", "replay"?, "epochs"?, "seed"?, "eval_limit"?, "register"?, "alias"?}}.
 */
public final class FinetuneFunction implements Function {
    private static final Set<String> OPTIONS = Set.of("base", "table", "replay", "epochs", "seed", "eval_limit", "register", "alias");

    /** Refuses to start without the training stack (the serve image): the function registry then leaves it out. */
    public FinetuneFunction() {
        TrainingStack.require();
    }

    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public String description() {
        return "fine-tune a model on a samples table with replay (DJL + PyTorch); register it with \"register\"";
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        options.fieldNames().forEachRemaining(k -> {
            if (!OPTIONS.contains(k)) throw new InvalidInputException(InputLocation.file("option " + k), "finetune takes " + OPTIONS.stream().sorted().toList());
        });
        return options;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        ModelRef base;
        try {
            base = ModelRef.parse(EventFields.requiredText(event, "base"));
        } catch (InvalidModelRefException e) {
            throw new InvalidInputException(InputLocation.file("event field base"), e.getMessage(), e);
        }
        String table = TrainingEvents.table(event, "table");
        String replay = event.hasNonNull("replay") ? TrainingEvents.table(event, "replay") : null;
        int epochs = TrainingEvents.integer(event, "epochs", 3, 1, 1000);
        int seed = TrainingEvents.integer(event, "seed", 1, 0, Integer.MAX_VALUE);
        int evalLimit = TrainingEvents.integer(event, "eval_limit", 0, 0, Integer.MAX_VALUE);
        var env = invocation.environment();
        Path out = TrainingEvents.out("finetune", invocation);
        ObjectNode answer = TrainingEvents.answer(out);
        if (TrainingEvents.finished(out)) {
            answer.put("card", ModelCards.read(out.resolve("model.card.json")).name());
            answer.put("reused", true);
        } else {
            var data = env.store().table(table).dataset();
            var replayData = replay == null ? null : env.store().table(replay).dataset();
            ModelRegistry registry = ModelRegistry.open(env.store(), env.buckets());
            FineTuneResult r = FineTuning.run(new FineTuneRequest(base, data, replayData, out, "finetune-" + table, epochs, 0.0005, 64,
                    replayData == null ? 0 : 6000, 0.1, false, seed, evalLimit), registry.resolvers(), Progress.NONE, VersionProvider.version());
            answer.put("card", r.card().name());
            answer.put("user_samples", r.userSamples());
            answer.put("user_accuracy_before", r.userAccuracyBefore());
            answer.put("user_accuracy_after", r.userAccuracyAfter());
            answer.put("original_accuracy_before", r.originalAccuracyBefore());
            answer.put("original_accuracy_after", r.originalAccuracyAfter());
        }
        TrainingEvents.registerIfAsked(event, invocation, out, VersionSource.FINETUNE, answer);
        return answer;
    }
}
