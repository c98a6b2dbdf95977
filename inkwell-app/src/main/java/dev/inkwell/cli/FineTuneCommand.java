package dev.inkwell.cli;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.ReadOptions;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.train.FineTuneRequest;
import dev.inkwell.train.FineTuneResult;
import dev.inkwell.train.FineTuning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Adapt a trained model to your own samples, with replay from its original data so it does not forget.",
                "Writes model.onnx, model.card.json, model.params and finetune-metrics.json into --out."})
public final class FineTuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--base", paramLabel = "MODEL", converter = ModelRefConverter.class,
            description = "Model folder written by 'inkwell train' (model.card.json and model.params), or a bundled model "
                    + "(mnist, mnist-compact, fashion-mnist). Default: mnist.")
    ModelRef base = ModelRef.DEFAULT;

    @Option(names = "--data", required = true, paramLabel = "PATH|table[:NAME]",
            description = "Your labelled samples (image folder: label from file or folder name), or a samples table.")
    String data;

    @Option(names = "--replay", paramLabel = "PATH|table[:NAME]",
            description = "The original training data (e.g. the MNIST folder or its table), mixed in and used to measure forgetting.")
    String replay;

    @Mixin
    StoreOptions store;

    @Mixin
    RegisterOptions register;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Option(names = "--epochs", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.0005", description = "Peak learning rate (cosine schedule). Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--batch-size", defaultValue = "64", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--replay-count", defaultValue = "6000", description = "Original training images mixed in. Default: ${DEFAULT-VALUE}.")
    int replayCount;

    @Option(names = "--user-share", defaultValue = "0.1", description = "Share of each epoch made of your (augmented) samples. Default: ${DEFAULT-VALUE}.")
    double userShare;

    @Option(names = "--freeze", description = "Train only the final layer.")
    boolean freeze;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--eval-limit", defaultValue = "0", description = "Original test images to measure forgetting on (0: all).")
    int evalLimit;

    @Option(names = "--name", description = "Model name in the card (default: the --out folder's name).")
    String name;

    @Override
    public Integer call() {
        register.check();
        FineTuneRequest request;
        var userData = store.dataset(data, ReadOptions.DEFAULT);
        var replayData = replay == null ? null : store.dataset(replay, ReadOptions.DEFAULT);
        try {
            request = new FineTuneRequest(base, userData, replayData, out, name, epochs, lr, batchSize, replayCount, userShare, freeze, seed, evalLimit);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        FineTuneResult r;
        try (Progress progress = ConsoleProgress.forConsole(common.json())) {
            r = FineTuning.run(request, register.resolvers(store), progress, VersionProvider.version());
        }
        ModelVersion registered = register.registerIfAsked(store, r.out(), VersionSource.FINETUNE);
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("out", r.out().toString());
            if (registered != null) json.put("registered", RegisterOptions.json(registered));
            json.put("userSamples", r.userSamples());
            json.put("userAccuracyBefore", r.userAccuracyBefore());
            json.put("userAccuracyAfter", r.userAccuracyAfter());
            json.put("originalTestCount", r.originalTestCount());
            json.put("originalAccuracyBefore", finite(r.originalAccuracyBefore()));
            json.put("accuracy", finite(r.originalAccuracyAfter()));
            json.put("originalDropPoints", finite(r.originalDropPoints()));
            JsonOutput.print(o, json);
        } else {
            o.printf("fine-tuned model written to %s%n", r.out());
            o.printf("your %d samples: %.1f%% -> %.1f%%%n", r.userSamples(), 100 * r.userAccuracyBefore(), 100 * r.userAccuracyAfter());
            if (r.originalTestCount() > 0) {
                o.printf("original test (%d images): %.2f%% -> %.2f%% (%+.2f points)%n", r.originalTestCount(),
                        100 * r.originalAccuracyBefore(), 100 * r.originalAccuracyAfter(), -r.originalDropPoints());
            }
            if (registered != null) o.println(register.line(registered));
            o.flush();
        }
        return Cli.OK;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
