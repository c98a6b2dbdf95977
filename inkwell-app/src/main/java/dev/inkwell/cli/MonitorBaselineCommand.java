package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.ReadOptions;
import dev.inkwell.inference.OnnxImageClassifier;
import dev.inkwell.model.ModelRef;
import dev.inkwell.monitor.Baseline;
import dev.inkwell.monitor.BaselineBuilder;
import dev.inkwell.monitor.features.Feature;
import dev.inkwell.monitor.stats.Statistics;
import dev.inkwell.preprocess.PreprocessOptions;
import dev.inkwell.recognition.Recognizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = {"Run a model over a dataset (images in model space, as MNIST's) and write the baseline that monitoring compares "
                + "traffic with: statistics.json and constraints.json (Model Monitor's shapes) of the predicted class, top probability, "
                + "entropy, margin and the model input's intensity, ink, ink box and centre of mass."})
public final class MonitorBaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--model", paramLabel = "MODEL", converter = ModelRefConverter.class,
            description = "The model: " + ModelRefConverter.SYNTAX + ". Default: mnist.")
    ModelRef model = ModelRef.DEFAULT;

    @Option(names = "--data", required = true, paramLabel = "PATH|table[:NAME]",
            description = "Dataset file or folder, or a samples table (table, table:NAME); images in model space.")
    String data;

    @Option(names = "--split", paramLabel = "test|train|all",
            description = "Which split to read (default: test when the dataset has one, else all).")
    String split;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Write statistics.json and constraints.json here.")
    Path out;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Read at most N images (0: all).")
    int limit;

    @Mixin
    StoreOptions store;

    @Mixin
    BucketOptions buckets;

    @Override
    public Integer call() {
        if (limit < 0) throw new ParameterException(spec.commandLine(), "--limit must be >= 0, got " + limit);
        Dataset dataset = store.dataset(data, ReadOptions.DEFAULT);
        String chosen = split != null ? split.toLowerCase(Locale.ROOT) : dataset.splits().contains("test") ? "test" : "all";
        if (!chosen.equals("all") && !dataset.splits().contains(chosen)) {
            throw new ParameterException(spec.commandLine(), "--split " + chosen + ": " + data + " has the splits " + dataset.splits().stream().sorted().toList());
        }
        Dataset selected = chosen.equals("all") ? dataset : dataset.split(chosen);
        Baseline baseline;
        String modelName;
        try (OnnxImageClassifier classifier = OnnxImageClassifier.load(ModelLookup.resolvers(store, buckets).resolve(model), 0);
             Progress progress = ConsoleProgress.forConsole(common.json())) {
            modelName = classifier.card().name();
            baseline = BaselineBuilder.build(new Recognizer(classifier, PreprocessOptions.DEFAULT), selected, limit, progress);
        }
        baseline.write(out);
        Statistics s = baseline.statistics();
        PrintWriter w = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", modelName);
            json.put("data", data);
            json.put("split", chosen);
            json.put("items", s.itemCount());
            json.put("out", out.toString());
            json.put("files", List.of(Baseline.STATISTICS, Baseline.CONSTRAINTS));
            Map<String, Double> means = new LinkedHashMap<>();
            for (Statistics.FeatureStatistics f : s.features()) {
                if (f.numericalStatistics() != null && f.numericalStatistics().mean() != null) means.put(f.name(), f.numericalStatistics().mean());
            }
            json.put("means", means);
            JsonOutput.print(w, json);
            return Cli.OK;
        }
        w.printf("baseline of %s on %s (%s split, %,d images) written to %s: %s, %s%n", modelName, data, chosen, s.itemCount(), out,
                Baseline.STATISTICS, Baseline.CONSTRAINTS);
        for (Feature f : List.of(Feature.TOP_PROBABILITY, Feature.MARGIN, Feature.MEAN_INTENSITY, Feature.INK_FRACTION)) {
            s.feature(f.featureName()).map(Statistics.FeatureStatistics::numericalStatistics).filter(n -> n.mean() != null)
                    .ifPresent(n -> w.printf(Locale.ROOT, "  %-16s mean %.4f, std %.4f, min %.4f, max %.4f%n", f.featureName(), n.mean(),
                            n.stdDev(), n.min(), n.max()));
        }
        w.flush();
        return Cli.OK;
    }
}
