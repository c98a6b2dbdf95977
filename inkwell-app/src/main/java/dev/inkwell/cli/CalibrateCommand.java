package dev.inkwell.cli;

import dev.inkwell.dataset.ReadOptions;
import dev.inkwell.inference.ModelCard;
import dev.inkwell.inference.ModelCards;
import dev.inkwell.inference.TemperatureScaling;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.train.ModelCalibration;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = {"Fit a temperature to a trained model on the validation images of its own training run (rebuilt "
                + "from the card's seed and split) and write the calibrated model: same predictions, probabilities that "
                + "match how often the model is right. 'train' does this by itself unless --no-calibrate."})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", required = true, paramLabel = "MODEL", converter = ModelRefConverter.class,
            description = "A model folder written by 'train' (model.card.json and model.params), or a bundled model: mnist, mnist-compact, fashion-mnist.")
    ModelRef model;

    @Option(names = "--data", required = true, paramLabel = "PATH|table[:NAME]", description = "The dataset (or samples table) the model was trained on.")
    String data;

    @Mixin
    StoreOptions store;

    @Mixin
    RegisterOptions register;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the calibrated model.onnx, model.params and model.card.json.")
    Path out;

    @Override
    public Integer call() {
        register.check();
        ModelCard card = ModelCalibration.run(model, register.resolvers(store), store.dataset(data, ReadOptions.DEFAULT), out, VersionProvider.version());
        TemperatureScaling c = card.calibration();
        ModelVersion registered = register.registerIfAsked(store, out, VersionSource.CALIBRATE);
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("out", out.toString());
            if (registered != null) json.put("registered", RegisterOptions.json(registered));
            json.put("temperature", c.temperature());
            json.put("validationLogLossUncalibrated", c.logLossBefore());
            json.put("validationLogLoss", c.logLossAfter());
            json.put("card", ModelCards.mapper().valueToTree(card));
            JsonOutput.print(o, json);
        } else {
            o.printf("calibrated model written to %s: %s%n", out, describe(card));
            if (registered != null) o.println(register.line(registered));
            o.flush();
        }
        return Cli.OK;
    }

    /** "temperature 0.482 (validation log loss 0.1006 -> 0.0129)" from a calibrated card; null for an uncalibrated one. */
    static String describe(ModelCard card) {
        if (card.temperature() == 1) return null;
        String line = String.format(Locale.ROOT, "temperature %.3f", card.temperature());
        TemperatureScaling c = card.calibration();
        return c.logLossBefore() != null && c.logLossAfter() != null
                ? line + String.format(Locale.ROOT, " (validation log loss %.4f -> %.4f)", c.logLossBefore(), c.logLossAfter())
                : line;
    }
}
