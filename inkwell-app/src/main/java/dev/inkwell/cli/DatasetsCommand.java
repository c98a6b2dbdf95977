package dev.inkwell.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "Inspect, convert, preview and fetch datasets (IDX, Kaggle CSV, image folders, CIFAR).",
        subcommands = {DatasetsInfoCommand.class, DatasetsConvertCommand.class, DatasetsSheetCommand.class, DatasetsFetchCommand.class})
public final class DatasetsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
