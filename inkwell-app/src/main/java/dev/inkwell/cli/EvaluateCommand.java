package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.ReadOptions;
import dev.inkwell.evaluation.EvaluationReport;
import dev.inkwell.evaluation.ModelEvaluator;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelRef;
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

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on a labelled dataset (its test split if it has one): accuracy, per-class "
                + "precision/recall/F1, confusion matrix; --report writes the text report, confusion.png and mistakes.png."})
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "MODEL", converter = ModelRefConverter.class,
            description = "The model: " + ModelRefConverter.SYNTAX + ". Default: mnist.")
    ModelRef model = ModelRef.DEFAULT;

    @Option(names = "--data", required = true, paramLabel = "PATH|table[:NAME]",
            description = "Labelled dataset file or folder, or a samples table (table, table:NAME); images in model space.")
    String data;

    @Mixin
    StoreOptions store;

    @Mixin
    BucketOptions buckets;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Evaluate at most N images (0: all).")
    int limit;

    @Option(names = "--report", paramLabel = "DIR", description = "Write metrics.json, report.txt, confusion.png and mistakes.png here.")
    Path report;

    @Override
    public Integer call() {
        if (limit < 0) throw new ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
        ModelEvaluator.Result result;
        String modelName;
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelLookup.resolvers(store, buckets).resolve(model), 0);
             Progress progress = ConsoleProgress.forConsole(common.json())) {
            modelName = classifier.card().name();
            result = ModelEvaluator.evaluate(classifier, store.dataset(data, ReadOptions.DEFAULT), limit, progress);
        }
        var e = result.evaluation();
        if (report != null) {
            EvaluationReport.write(report, "", e, result::image, Map.of("model", modelName, "data", data, "split", result.split()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", modelName);
            json.put("data", data);
            json.put("split", result.split());
            json.putAll(e.toMap());
            JsonOutput.print(out, json);
        } else {
            out.printf("%s on %s (%s split)%n", modelName, data, result.split());
            out.print(e.toText());
            if (report != null) out.printf("report written to %s%n", report);
            out.flush();
        }
        return Cli.OK;
    }
}
