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
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.train.Architecture;
import dev.inkwell.train.Augmentation;
import dev.inkwell.train.ModelTraining;
import dev.inkwell.train.TrainRequest;
import dev.inkwell.train.TrainResult;
import dev.inkwell.train.TrainingOptions;
import dev.inkwell.train.TrainingStart;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Trains a model on a samples table as {@code inkwell train --data table:T} does (train split trains, test split
 * reports), for workflows; with {@code register} the result becomes the next version of that registered model.
 * Event: {@code {"table", "arch"?, "epochs"?, "seed"?, "limit"?, "val_split"?, "augment"?, "register"?, "alias"?}}.
 * Provided by the command line's module (it needs PyTorch), so a lean server without it has no train function.
 */
public final class TrainFunction implements Function {
    private static final Set<String> OPTIONS = Set.of("table", "arch", "epochs", "seed", "limit", "val_split", "augment", "register", "alias");

    /** Refuses to start without the training stack (the serve image): the function registry then leaves it out. */
    public TrainFunction() {
        TrainingStack.require();
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String description() {
        return "train a model on a samples table (DJL + PyTorch); register it with \"register\"";
    }

    @Override
    public ObjectNode checkOptions(ObjectNode options) {
        options.fieldNames().forEachRemaining(k -> {
            if (!OPTIONS.contains(k)) throw new InvalidInputException(InputLocation.file("option " + k), "train takes " + OPTIONS.stream().sorted().toList());
        });
        return options;
    }

    @Override
    public JsonNode invoke(JsonNode event, Invocation invocation) throws FunctionFailure {
        String table = TrainingEvents.table(event, "table");
        Architecture arch;
        try {
            arch = Architecture.parse(EventFields.text(event, "arch", "compact"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InputLocation.file("event field arch"), e.getMessage());
        }
        int epochs = TrainingEvents.integer(event, "epochs", 10, 1, 1000);
        int seed = TrainingEvents.integer(event, "seed", 1, 0, Integer.MAX_VALUE);
        int limit = TrainingEvents.integer(event, "limit", 0, 0, Integer.MAX_VALUE);
        double validation = TrainingEvents.number(event, "val_split", 0.05, 0, 0.5);
        JsonNode augment = event.get("augment");
        if (augment != null && !augment.isBoolean()) throw new InvalidInputException(InputLocation.file("event field augment"), "expected true or false");
        TrainingOptions options = TrainingOptions.defaults(arch, epochs, seed)
                .withAugmentation(augment == null || augment.booleanValue() ? Augmentation.DIGITS : Augmentation.NONE);
        Path out = TrainingEvents.out("train", invocation);
        ObjectNode answer = TrainingEvents.answer(out);
        ModelCard card;
        if (TrainingEvents.finished(out)) {
            card = ModelCards.read(out.resolve("model.card.json"));
            answer.put("reused", true);
        } else {
            var data = invocation.environment().store().table(table).dataset();
            TrainResult r = ModelTraining.run(new TrainRequest(data, out, "train-" + table, options, validation, limit, TrainingStart.FRESH, null, true),
                    Progress.NONE, VersionProvider.version());
            card = r.card();
            if (r.test() != null) answer.put("test_accuracy", r.test().accuracy());
            answer.put("best_epoch", r.bestEpoch());
        }
        answer.put("card", card.name());
        answer.put("architecture", arch.name().toLowerCase(Locale.ROOT));
        TrainingEvents.registerIfAsked(event, invocation, out, VersionSource.TRAIN, answer);
        return answer;
    }
}
