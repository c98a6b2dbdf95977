package dev.inkwell.cli;

import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.DatasetSummary;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Count samples per split and class, list image shapes and compute the content fingerprint (SHA-256).")
public final class DatasetsInfoCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DatasetInputOptions input;

    @Parameters(index = "0", paramLabel = "PATH", description = "A dataset file or folder (the format is detected), or a samples table: table, table:NAME.")
    String path;

    @Override
    public void run() {
        Dataset dataset = input.selectedSplit(input.open(path));
        DatasetSummary summary = DatasetSummary.of(dataset, ConsoleProgress.forConsole(common.json()));
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, summary);
        } else {
            summary.describe().forEach(out::println);
            out.flush();
        }
    }
}
