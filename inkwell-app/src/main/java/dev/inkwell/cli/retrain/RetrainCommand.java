package dev.inkwell.cli.retrain;

import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.ConsoleProgress;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.cli.RegistryOptions;
import dev.inkwell.cli.VersionProvider;
import dev.inkwell.core.InkwellHome;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.model.ModelRef;
import dev.inkwell.registry.ApprovalStatus;
import dev.inkwell.registry.ModelRegistry;
import dev.inkwell.registry.ModelVersion;
import dev.inkwell.registry.Registration;
import dev.inkwell.registry.VersionSource;
import dev.inkwell.registry.endpoint.EndpointDefinition;
import dev.inkwell.registry.endpoint.EndpointRevision;
import dev.inkwell.registry.endpoint.Variant;
import dev.inkwell.store.LabellingQueue;
import dev.inkwell.store.SampleTable;
import dev.inkwell.store.Store;
import dev.inkwell.train.FineTuneRequest;
import dev.inkwell.train.FineTuneResult;
import dev.inkwell.train.FineTuning;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code inkwell retrain}: closes the labelling loop in one command. Fine-tunes an endpoint's champion on the labelled
 * rows with replay of its original data, evaluates before and after on the labelled rows and the original test set,
 * registers the result and puts it on the endpoint as a challenger variant with a small share of the traffic.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = {"Fine-tune an endpoint's champion (its variant with the most traffic) on the labelled rows (inkwell label, /label.html), "
                + "with replay of its original data; evaluate both on the labelled rows and the original test set; register the result "
                + "and put it on the endpoint as a challenger variant with a small share of the traffic.",
                "Each step also works on its own: inkwell finetune, inkwell models register, inkwell endpoints update."})
public final class RetrainCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;
    @Mixin
    RegistryOptions registry;

    @Option(names = "--endpoint", required = true, paramLabel = "NAME", description = "The stored endpoint whose champion to retrain.")
    String endpoint;

    @Option(names = "--table", defaultValue = LabellingQueue.DEFAULT_TABLE, paramLabel = "NAME",
            description = "The samples table of labelled rows (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--replay", defaultValue = "table", paramLabel = "PATH|table[:NAME]",
            description = "The champion's original data: a dataset folder or file, or a samples table (default: ${DEFAULT-VALUE}, the 'samples' table).")
    String replay;

    @Option(names = "--variant", defaultValue = "retrained", paramLabel = "NAME", description = "The challenger variant's name (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--share", defaultValue = "10", paramLabel = "PERCENT", description = "The challenger's share of the traffic (default: ${DEFAULT-VALUE} %%).")
    double share;

    @Option(names = "--register", paramLabel = "NAME",
            description = "Register the result under this name (default: the champion's registered name, else the endpoint's).")
    String name;

    @Option(names = "--approve", description = "Register the result as approved (needed on an endpoint that takes approved versions only).")
    boolean approve;

    @Option(names = "--epochs", defaultValue = "3", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--lr", defaultValue = "0.0005", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--replay-count", defaultValue = "6000", description = "Original training images mixed in. Default: ${DEFAULT-VALUE}.")
    int replayCount;

    @Option(names = "--user-share", defaultValue = "0.1", description = "Share of each epoch made of labelled rows. Default: ${DEFAULT-VALUE}.")
    double userShare;

    @Option(names = "--eval-limit", defaultValue = "0", description = "Original test images to evaluate on (0: all).")
    int evalLimit;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the retrained model is written (default: $INKWELL_HOME/retrain/ENDPOINT-TIME).")
    Path out;

    @Override
    public Integer call() {
        ModelRegistry reg = registry.open();
        Store store = reg.store();
        EndpointDefinition before = reg.endpoints().get(endpoint).definition();
        Variant champion = ChallengerPlacement.champion(before, variant);
        ChallengerPlacement.place(before, variant, champion.model(), share); // a placement that cannot be made fails before any training
        if (before.requireApproved() && !approve) {
            throw new InvalidInputException("endpoint " + endpoint + " takes approved versions only: add --approve to register the retrained model as approved");
        }
        SampleTable labelled = store.table(SampleTable.checkName(table));
        long rows = labelled.counts().values().stream().mapToLong(Long::longValue).sum();
        if (rows == 0) {
            throw new InvalidInputException("table " + table + " has no labelled rows: label queued captures first ('inkwell label list', /label.html)");
        }
        Dataset replayData = replayDataset(store);
        Path dir = out != null ? out : InkwellHome.path().resolve("retrain").resolve(endpoint + "-" + STAMP.format(Instant.now()));
        FineTuneRequest request;
        try {
            request = new FineTuneRequest(champion.ref(), labelled.dataset(), replayData, dir, endpoint + "-retrained", epochs, lr, 64,
                    replayCount, userShare, false, seed, evalLimit);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        FineTuneResult r;
        try (Progress progress = ConsoleProgress.forConsole(common.json())) {
            r = FineTuning.run(request, reg.resolvers(), progress, VersionProvider.version());
        }
        String registerAs = name != null ? name : champion.ref() instanceof ModelRef.Registry ref ? ref.name() : endpoint;
        ModelVersion version = reg.register(Registration.of(registerAs, new ModelRef.LocalPath(r.out().toAbsolutePath()), VersionSource.FINETUNE)
                .withStatus(approve ? ApprovalStatus.APPROVED : ApprovalStatus.PENDING).withTags(Map.of("retrained-from", champion.model(), "endpoint", endpoint, "labelled-table", table)));
        String challengerModel = new ModelRef.RegistryVersion(version.name(), Integer.toString(version.version())).toString();
        EndpointRevision after = reg.endpoints().update(ChallengerPlacement.place(before, variant, challengerModel, share));
        print(champion, r, version, after, rows);
        return Cli.OK;
    }

    private Dataset replayDataset(Store store) {
        if (replay.equals("table") || replay.startsWith("table:")) {
            String t = replay.equals("table") ? "samples" : replay.substring("table:".length());
            SampleTable s = store.table(SampleTable.checkName(t));
            if (s.counts().isEmpty()) {
                throw new InvalidInputException("--replay " + replay + ": table " + t + " is empty; give the champion's original data, "
                        + "e.g. --replay ../shared/datasets/mnist, or fill it with 'inkwell ingest --data DIR'");
            }
            return s.dataset();
        }
        return Datasets.open(Path.of(replay));
    }

    private void print(Variant champion, FineTuneResult r, ModelVersion version, EndpointRevision after, long rows) {
        PrintWriter o = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("endpoint", endpoint);
            json.put("champion", Map.of("variant", champion.name(), "model", champion.model()));
            json.put("labelledRows", r.userSamples());
            json.put("labelledAccuracyBefore", r.userAccuracyBefore());
            json.put("labelledAccuracyAfter", r.userAccuracyAfter());
            json.put("originalTestCount", r.originalTestCount());
            json.put("originalAccuracyBefore", finite(r.originalAccuracyBefore()));
            json.put("originalAccuracyAfter", finite(r.originalAccuracyAfter()));
            json.put("registered", Map.of("name", version.name(), "version", version.version(), "sha256", version.sha256()));
            json.put("out", r.out().toString());
            json.put("revision", after.revision());
            json.put("variants", after.definition().variants());
            JsonOutput.print(o, json);
            return;
        }
        o.printf("retrained %s (variant %s of endpoint %s) on %,d labelled rows of table %s%n", champion.model(), champion.name(), endpoint, rows, table);
        o.printf(Locale.ROOT, "labelled rows (%d):  %.1f %% -> %.1f %%%n", r.userSamples(), 100 * r.userAccuracyBefore(), 100 * r.userAccuracyAfter());
        if (r.originalTestCount() > 0) {
            o.printf(Locale.ROOT, "original test (%d images): %.2f %% -> %.2f %% (%+.2f points)%n", r.originalTestCount(),
                    100 * r.originalAccuracyBefore(), 100 * r.originalAccuracyAfter(), -r.originalDropPoints());
        }
        o.printf("registered %s (written to %s)%n", version.label(), r.out());
        StringBuilder vs = new StringBuilder();
        for (Variant v : after.definition().variants()) vs.append(vs.isEmpty() ? "" : ", ").append(v.name()).append('=').append(v.model()).append(" (").append(v.weight()).append(')');
        o.printf("endpoint %s, revision %d: %s%n", endpoint, after.revision(), vs);
        o.flush();
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
