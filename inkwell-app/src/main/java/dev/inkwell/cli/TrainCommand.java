package dev.inkwell.cli;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.ReadOptions;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.train.Architecture;
import dev.inkwell.train.Augmentation;
import dev.inkwell.train.LearningRateSchedule;
import dev.inkwell.train.ModelTraining;
import dev.inkwell.train.TrainRequest;
import dev.inkwell.train.TrainResult;
import dev.inkwell.train.TrainingOptions;
import dev.inkwell.train.TrainingStart;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an image classifier (DJL + PyTorch, CPU or CUDA) and write model.onnx, model.card.json, "
                + "curves and the test report into --out.",
                "Data: an MNIST-style IDX folder, CSV, CIFAR batches, an image folder or a samples table; its train split is used for "
                        + "training and validation, its test split (if any) for the report."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--data", required = true, paramLabel = "PATH|table[:NAME]",
            description = "Dataset file or folder, or a samples table filled by 'inkwell ingest' (table: the samples table).")
    String data;

    @Mixin
    StoreOptions store;

    @Mixin
    RegisterOptions register;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the model, its card, reports and checkpoints.")
    Path out;

    @Option(names = "--arch", defaultValue = "compact", paramLabel = "ARCH", description = "compact (<10k parameters), standard (~0.22M, fast to serve) or wide (~0.6M). Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialisation, split, order, augmentation and dropout. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: 0.01 compact, 0.003 standard).")
    Double lr;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "AdamW decoupled weight decay (default: 1e-4 compact, 5e-4 standard).")
    Double weightDecay;

    @Option(names = "--label-smoothing", defaultValue = "0.1", description = "Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(names = "--schedule", defaultValue = "onecycle", description = "onecycle or cosine. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--val-split", defaultValue = "0.1", paramLabel = "FRACTION", description = "Share of the training split held out for validation. Default: ${DEFAULT-VALUE}.")
    double valSplit;

    @Option(names = "--patience", defaultValue = "5", description = "Stop after this many epochs without better validation accuracy (0: never). Default: ${DEFAULT-VALUE}.")
    int patience;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Use at most N images of each split (0: all).")
    int limit;

    @Option(names = "--no-augment", description = "Turn off the random affine augmentation.")
    boolean noAugment;

    @Option(names = "--elastic", description = "Add elastic distortion (Simard et al. 2003; alpha 12, sigma 4 pixels) to the augmentation.")
    boolean elastic;

    @Option(names = "--class-names", split = ",", paramLabel = "NAME", description = "Class names in label order (default 0,1,2,…).")
    List<String> classNames;

    @Option(names = "--name", description = "Model name in the card (default: the --out folder's name).")
    String name;

    @Option(names = "--no-calibrate", description = "Keep the raw probabilities: do not fit a temperature on the validation images.")
    boolean noCalibrate;

    @Option(names = "--resume", description = "Continue the run checkpointed in --out (same arguments).")
    boolean resume;

    @Override
    public Integer call() {
        register.check();
        TrainRequest request = request();
        TrainResult result;
        try (Progress progress = ConsoleProgress.forConsole(common.json())) {
            result = ModelTraining.run(request, progress, VersionProvider.version());
        }
        ModelVersion registered = register.registerIfAsked(store, result.out(), VersionSource.TRAIN);
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("out", result.out().toString());
            if (registered != null) json.put("registered", RegisterOptions.json(registered));
            json.put("accuracy", result.test() == null ? null : result.test().accuracy());
            json.put("testCount", result.test() == null ? 0 : result.test().count());
            json.put("bestEpoch", result.bestEpoch());
            json.put("stoppedEarly", result.stoppedEarly());
            json.put("card", ModelCards.mapper().valueToTree(result.card())); // the card's own JSON form (ISO dates)
            json.put("history", result.history());
            JsonOutput.print(o, json);
        } else {
            var c = result.card();
            o.printf("model written to %s: %s, %d parameters, %d epochs (best %d)%n", result.out(), c.architecture(),
                    c.parameterCount(), c.epochs(), result.bestEpoch());
            String calibration = CalibrateCommand.describe(c);
            if (calibration != null) o.println("calibrated: " + calibration);
            if (result.test() != null) {
                o.printf("test accuracy %.2f%% on %d images (%d wrong)%n", 100 * result.test().accuracy(), result.test().count(),
                        result.test().errors());
            }
            if (registered != null) o.println(register.line(registered));
            o.flush();
        }
        return Cli.OK;
    }

    private Augmentation augmentation() {
        if (noAugment && elastic) throw new IllegalArgumentException("--elastic and --no-augment contradict each other");
        if (noAugment) return Augmentation.NONE;
        return elastic ? Augmentation.DIGITS.withElastic() : Augmentation.DIGITS;
    }

    private TrainRequest request() {
        var dataset = store.dataset(data, ReadOptions.DEFAULT);
        try {
            Architecture a = Architecture.parse(arch);
            TrainingOptions o = TrainingOptions.defaults(a, epochs, seed).withBatchSize(batchSize)
                    .withSchedule(LearningRateSchedule.parse(schedule)).withLabelSmoothing(labelSmoothing).withPatience(patience)
                    .withAugmentation(augmentation());
            if (lr != null) o = o.withLearningRate(lr);
            if (weightDecay != null) o = o.withWeightDecay(weightDecay);
            List<String> names = classNames == null ? null : Arrays.asList(classNames.stream().map(String::trim).toArray(String[]::new));
            if (names != null && names.size() < 2) throw new IllegalArgumentException("--class-names needs at least 2 names");
            return new TrainRequest(dataset, out, name, o, valSplit, limit, resume ? TrainingStart.RESUME : TrainingStart.FRESH, names,
                    !noCalibrate);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
