package dev.inkwell.cli;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.store.IngestResult;
import dev.inkwell.store.SampleTable;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read a dataset (IDX, Kaggle CSV, image folder, CIFAR batches) into a samples table of the store, "
                + "for 'train --data table'.",
                "A sample keeps its uuid (a CSV uuid column) or gets one from its source and content, so running the same "
                        + "ingest again adds nothing twice. One transaction: bad input or an interrupted run leaves the table as it was."})
public final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DatasetInputOptions input;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Dataset file or folder (or table:NAME to copy a table).")
    String data;

    @Option(names = "--table", defaultValue = StoreOptions.DEFAULT_TABLE, paramLabel = "NAME",
            description = "Table to write (created on first use). Default: ${DEFAULT-VALUE}.")
    String table;

    @Override
    public Integer call() {
        Dataset dataset = input.selectedSplit(input.open(data)); // bad input is reported before the store is touched
        SampleTable target = input.store.open().table(table);
        long started = System.nanoTime();
        IngestResult result;
        try (Progress progress = ConsoleProgress.forConsole(common.json())) {
            progress.start("ingesting " + dataset.shortName() + " into " + target.name(), input.expectedCount(dataset));
            result = target.ingest(dataset.open(), progress);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> json = result.toMap();
            json.put("store", input.store.open().displayName());
            json.put("seconds", Math.round(seconds * 100) / 100.0);
            JsonOutput.print(out, json);
        } else {
            out.printf("%,d samples read from %s in %.1f s: %,d added to table %s, %,d already there%n",
                    result.read(), dataset.location(), seconds, result.added(), result.table(), result.existing());
            out.printf("table %s now holds %s (%s)%n", result.table(), TablesCommand.describe(result.bySplit()), target.location());
            out.flush();
        }
        return Cli.OK;
    }
}
